#!/usr/bin/env python3
"""Expected outputs of the frozen gas links (tests/links/gas_v1.txt), computed independently of
PhotoCalc: mpmath (40 digits) for the equations of state and photon counting, numpy.polyfit for
the calibration line. Constants: CODATA 2018 exact (R = N_A k_B, h, c, N_A); van der Waals a, b
(CRC) and Henry's law constants (Sander 2023) from ../shared/refdata/gas_constants.md.
Run: python3 tests/links/derive_gas_v1.py  (prints link<TAB>expectations lines)."""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
NA = mp.mpf('6.02214076e23'); KB = mp.mpf('1.380649e-23'); R = NA * KB
H = mp.mpf('6.62607015e-34'); C = mp.mpf(299792458)
ATM = mp.mpf(101325)

def vm_approx(a, b, T, p):  # L/mol; a in L2 bar mol-2, b in L/mol
    a, b = mp.mpf(a) / 10, mp.mpf(b) / 1000
    return (R * T / p + b - a / (R * T)) * 1000

def vm_exact(a, b, T, p):
    a, b = mp.mpf(a) / 10, mp.mpf(b) / 1000
    roots = mp.polyroots([p, -(p * b + R * T), a, -a * b], maxsteps=200, extraprec=200)
    return max(r.real for r in roots if abs(r.imag) < 1e-30) * 1000

def line(link, **expected):
    print(link + '\t' + ' '.join(f'{k}={mp.nstr(mp.mpf(v), 17)}' for k, v in expected.items()))

T25 = mp.mpf('298.15')
line('#/gas?v=1&gas=H2&n=144&cat=1&vsol=10', TON=14400, catalyst_umol='0.01', product_umol=144)
vm = vm_approx('0.2452', '0.0265', T25, ATM)
n = mp.mpf('3.525') / vm * 1000
line('#/gas?v=1&gas=H2&V=3.525&cat=1&vsol=10&t=30', molar_volume_L_per_mol=vm, product_umol=n, TON=n / mp.mpf('0.01'), TOF_per_h=n / mp.mpf('0.01') / 30, TOF_per_s=n / mp.mpf('0.01') / 30 / 3600)
line('#/gas?v=1&gas=H2&V=3.525&cat=1&vsol=10&t=30&T=298.15&T_unit=K', product_umol=n)
vmx = vm_exact('0.2452', '0.0265', T25, ATM)
line('#/gas?v=1&gas=H2&eos=vdw&V=3.525', molar_volume_L_per_mol=vmx, product_umol=mp.mpf('3.525') / vmx * 1000)
vm0 = R * mp.mpf('273.15') / ATM * 1000
line('#/gas?v=1&gas=N2&eos=ideal&T=0&p=1&p_unit=atm&V=22.4', molar_volume_L_per_mol=vm0, product_umol=mp.mpf('22.4') / vm0 * 1000)
vmp = vm_approx('3.640', '0.04267', mp.mpf('310.15'), mp.mpf(750) * ATM / 760)
line('#/gas?v=1&gas=CO2&T=37&p=750&p_unit=Torr&V=1', molar_volume_L_per_mol=vmp)
q = mp.mpf('0.010') * mp.mpf('400e-9') / (H * C) / NA
line('#/gas?v=1&gas=H2&rate=36&flux=power&basis=absorbed&P=10&lambda=400', photon_flux_einstein_per_s=q, quantum_yield=2 * mp.mpf('1e-8') / q)
line('#/gas?v=1&gas=H2&rate=36&flux=blank&Pblank=25&Psample=15&lambda=400', photon_flux_einstein_per_s=q, quantum_yield=2 * mp.mpf('1e-8') / q)
line('#/gas?v=1&gas=O2&rate=36&flux=power&basis=incident&P=0.01&P_unit=W&lambda=400', apparent_quantum_yield=4 * mp.mpf('1e-8') / q)
# The keys: P is the absorbed power (no flux or basis named).
line('#/gas?v=1&gas=H2&rate=36&P=10&lambda=400', quantum_yield=2 * mp.mpf('1e-8') / q)
nfe = mp.mpf('0.5') * mp.mpf('3e-3') * 10 / (11100 * 1 * mp.mpf('0.5'))
qa = nfe / (mp.mpf('1.14') * 60)
line('#/gas?v=1&gas=H2&rate=36&flux=actino&A510=0.5&V1=3&V2=0.5&V3=10&lambda=405&tact=60', photon_flux_einstein_per_s=qa, apparent_quantum_yield=2 * mp.mpf('1e-8') / qa)
line('#/gas?v=1&gas=H2&rate=36&flux=actino&A510=0.5&V1=3&V2=0.5&V3=10&lambda=405&tact=60&Asample=1', photon_flux_einstein_per_s=qa * mp.mpf('0.9'), quantum_yield=2 * mp.mpf('1e-8') / (qa * mp.mpf('0.9')))
line('#/gas?v=1&gas=H2&rate=10&area=1', STH=mp.mpf('10e-6') / 3600 * 237100 / mp.mpf('0.1'))
hcp = mp.mpf('3.3e-4') * R * T25
line('#/gas?v=1&gas=CO2&n=100&henry=1&vliq=10&vhs=10', dissolved_umol=100 * hcp, product_umol=100 * (1 + hcp))
hh = mp.mpf('7.8e-6') * mp.e ** (530 * (1 / mp.mpf('323.15') - 1 / T25)) * R * mp.mpf('323.15') * 5 / 20
line('#/gas?v=1&gas=H2&T=50&n=100&henry=1&vliq=5&vhs=20', dissolved_umol=100 * hh)
cat = mp.mpf(10) * mp.mpf('1e-3') * mp.mpf('0.0045') / mp.mpf('58.933') * mp.mpf('1e6')
line('#/gas?v=1&gas=H2&n=144&catby=loading&mcat=10&load=0.45&M=58.933', catalyst_umol=cat, TON=144 / cat)
line('#/gas?v=1&gas=O2&n=10&cat=1&vsol=10&per_e=1', TON=1000, TON_per_electron=4000)
line('#/gas?v=1&gas=H2&n=10&qd=5&vsol=10', TON_per_dot=200)
amounts = np.array([0.05, 0.1, 0.2, 0.4]); areas = np.array([2630, 5090, 10150, 20110.0])
b, a = np.polyfit(amounts, areas, 1)
sample = (7500 - a) / b
line('#/gas?v=1&gas=H2&src=gc&std=amount&peak=7500&vinj=100&vhs=15&cat=1&vsol=10&cal=M9AzMOXkNDIzNuDkMtAz5OQ0NbAEM404OQ0NDE3BbBOgCgNDQyAbAA',
     calibration_slope_area_per_umol=b, calibration_intercept_area=a, sample_injected_umol=sample, headspace_umol=sample * 150, TON=sample * 150 / 0.01)
