//! How the quantum-dot calculator computes: equations, symbols, assumptions and citations.

use leptos::prelude::*;

/// Equations, symbols, assumptions and citations, in MathML (rendered natively).
#[component]
pub fn QdExplanation() -> impl IntoView {
    view! {
        <details class="explain" id="qd-explain">
            <summary>"How this is calculated"</summary>
            <div inner_html=EXPLANATION_HTML></div>
        </details>
    }
}

const EXPLANATION_HTML: &str = r#"
<h3>Diameter from the first excitonic peak</h3>
<p>Yu, Qu, Guo and Peng (2003) fitted the diameter <math><mi>D</mi></math> (nm, from TEM) against the wavelength <math><mi>λ</mi></math> (nm) of the first excitonic absorption peak:</p>
<math display="block"><mtable>
<mtr><mtd><mtext>CdTe</mtext></mtd><mtd><mi>D</mi><mo>=</mo><mn>9.8127</mn><mo>×</mo><msup><mn>10</mn><mn>−7</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>−</mo><mn>1.7147</mn><mo>×</mo><msup><mn>10</mn><mn>−3</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>+</mo><mn>1.0064</mn><mi>λ</mi><mo>−</mo><mn>194.84</mn></mtd></mtr>
<mtr><mtd><mtext>CdSe</mtext></mtd><mtd><mi>D</mi><mo>=</mo><mn>1.6122</mn><mo>×</mo><msup><mn>10</mn><mn>−9</mn></msup><msup><mi>λ</mi><mn>4</mn></msup><mo>−</mo><mn>2.6575</mn><mo>×</mo><msup><mn>10</mn><mn>−6</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>+</mo><mn>1.6242</mn><mo>×</mo><msup><mn>10</mn><mn>−3</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>−</mo><mn>0.4277</mn><mi>λ</mi><mo>+</mo><mn>41.57</mn></mtd></mtr>
<mtr><mtd><mtext>CdS</mtext></mtd><mtd><mi>D</mi><mo>=</mo><mo>−</mo><mn>6.6521</mn><mo>×</mo><msup><mn>10</mn><mn>−8</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>+</mo><mn>1.9557</mn><mo>×</mo><msup><mn>10</mn><mn>−4</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>−</mo><mn>9.2352</mn><mo>×</mo><msup><mn>10</mn><mn>−2</mn></msup><mi>λ</mi><mo>+</mo><mn>13.29</mn></mtd></mtr>
</mtable></math>
<p>and the molar extinction coefficient per mole of particles at that peak: <math><mi>ε</mi><mo>=</mo><mn>10043</mn><msup><mi>D</mi><mn>2.12</mn></msup></math> (CdTe), <math><mn>5857</mn><msup><mi>D</mi><mn>2.65</mn></msup></math> (CdSe), <math><mn>21536</mn><msup><mi>D</mi><mn>2.3</mn></msup></math> (CdS), in L mol⁻¹ cm⁻¹. The polynomials are fits over a limited range (CdTe 500–700 nm, CdSe 450–650 nm, CdS 350–470 nm); outside it the page warns, and where the polynomial stops rising (CdTe below 447 nm gives D ≤ 0) it gives no number.</p>
<p><b>Jasieniak et al. (2009)</b> refitted CdSe (2–8 nm): <math><mi>D</mi><mo>=</mo><mn>59.60816</mn><mo>−</mo><mn>0.54736</mn><mi>λ</mi><mo>+</mo><mn>1.8873</mn><mo>×</mo><msup><mn>10</mn><mn>−3</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>−</mo><mn>2.85743</mn><mo>×</mo><msup><mn>10</mn><mn>−6</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>+</mo><mn>1.62974</mn><mo>×</mo><msup><mn>10</mn><mn>−9</mn></msup><msup><mi>λ</mi><mn>4</mn></msup></math> and <math><mi>ε</mi><mo>=</mo><mo>(</mo><mn>155507</mn><mo>+</mo><mn>6.67054</mn><mo>×</mo><msup><mn>10</mn><mn>13</mn></msup><msup><mi>e</mi><mrow><mo>−</mo><mi>E</mi><mo>/</mo><mn>0.10551</mn></mrow></msup><mo>)</mo><mo>·</mo><mfrac><mrow><mn>60</mn><mtext> meV</mtext></mrow><mtext>HWHM</mtext></mfrac></math>, with <math><mi>E</mi></math> the peak energy in eV. A broader peak (wider size distribution) is lower for the same amount of absorbing material, so ε is scaled by the measured half width.</p>
<p><b>Moreels et al.</b> (PbS 2009, PbSe 2007): <math><msub><mi>E</mi><mn>0</mn></msub><mo>=</mo><mn>0.41</mn><mo>+</mo><mfrac><mn>1</mn><mrow><mn>0.0252</mn><msup><mi>d</mi><mn>2</mn></msup><mo>+</mo><mn>0.283</mn><mi>d</mi></mrow></mfrac></math> eV (PbS), <math><msub><mi>E</mi><mn>0</mn></msub><mo>=</mo><mn>0.278</mn><mo>+</mo><mfrac><mn>1</mn><mrow><mn>0.016</mn><msup><mi>d</mi><mn>2</mn></msup><mo>+</mo><mn>0.209</mn><mi>d</mi><mo>+</mo><mn>0.45</mn></mrow></mfrac></math> eV (PbSe). Their ε is given at 400 nm, where absorption is bulk-like: <math><msub><mi>ε</mi><mn>400</mn></msub><mo>=</mo><mn>0.0233</mn><msup><mi>d</mi><mn>3</mn></msup></math> (PbS) and <math><mn>0.0277</mn><msup><mi>d</mi><mn>3</mn></msup></math> (PbSe) cm⁻¹ µM⁻¹, so use the absorbance at 400 nm.</p>
<p><b>Brus equation</b> (teaching): <math><mi>E</mi><mo>=</mo><msub><mi>E</mi><mi>g</mi></msub><mo>+</mo><mfrac><mrow><msup><mi>ℏ</mi><mn>2</mn></msup><msup><mi>π</mi><mn>2</mn></msup></mrow><mrow><mn>2</mn><msup><mi>R</mi><mn>2</mn></msup></mrow></mfrac><mo>(</mo><mfrac><mn>1</mn><msubsup><mi>m</mi><mi>e</mi><mo>*</mo></msubsup></mfrac><mo>+</mo><mfrac><mn>1</mn><msubsup><mi>m</mi><mi>h</mi><mo>*</mo></msubsup></mfrac><mo>)</mo><mo>−</mo><mfrac><mrow><mn>1.786</mn><msup><mi>e</mi><mn>2</mn></msup></mrow><mrow><mn>4</mn><mi>π</mi><msub><mi>ε</mi><mn>0</mn></msub><msub><mi>ε</mi><mi>r</mi></msub><mi>R</mi></mrow></mfrac></math>, solved exactly for the radius <math><mi>R</mi><mo>=</mo><mi>D</mi><mo>/</mo><mn>2</mn></math>. It overestimates confinement in small dots and gives no ε.</p>
<h3>Concentration and per-particle figures</h3>
<math display="block"><mi>c</mi><mo>=</mo><mfrac><mrow><mi>A</mi><mo>·</mo><mtext>dilution</mtext></mrow><mrow><mi>ε</mi><mo>·</mo><mi>L</mi></mrow></mfrac><mspace width="2em"/><msub><mi>N</mi><mtext>mL</mtext></msub><mo>=</mo><mfrac><mrow><mi>c</mi><msub><mi>N</mi><mi>A</mi></msub></mrow><mn>1000</mn></mfrac><mspace width="2em"/><msub><mi>m</mi><mtext>particle</mtext></msub><mo>=</mo><mi>ρ</mi><mfrac><mi>π</mi><mn>6</mn></mfrac><msup><mi>D</mi><mn>3</mn></msup></math>
<p><math><mi>A</mi></math>: absorbance at the peak (at 400 nm for Moreels); <math><mi>L</mi></math>: path length (cm); dilution: how many times the stock was diluted before measuring; <math><msub><mi>N</mi><mi>A</mi></msub></math>: Avogadro constant; <math><mi>ρ</mi></math>: bulk density. Formula units per particle = <math><msub><mi>m</mi><mtext>particle</mtext></msub><msub><mi>N</mi><mi>A</mi></msub><mo>/</mo><mi>M</mi></math>. Assumptions: spherical particles with bulk density, Beer–Lambert law (keep A below about 1), ligands not counted in the mass.</p>
<p><b>What the ± means.</b> The authors estimate their empirical ε to be uncertain by about 10–15 %; the page shows ±15 % on ε and hence on every concentration, not a statistical confidence interval.</p>
<h3>The example of Han et al., and its slip</h3>
<p>Han et al. (supporting information of the CdTe QD / cobalt catalyst H₂ paper) size TGA-CdTe with a first exciton peak at 516 nm: the equations give <b>D = 2.73 nm</b> and <b>ε = 8.4 × 10⁴ L mol⁻¹ cm⁻¹</b>. The paper prints 8.4 × 10⁵, a power-of-ten slip: ε = 8.4 × 10⁵ would need D = 8.07 nm, a peak near 734 nm. “Load example” reproduces the correct values.</p>
"#;
