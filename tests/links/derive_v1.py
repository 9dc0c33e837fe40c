#!/usr/bin/env python3
"""Independent derivation of the expected outputs in tests/links/v1.txt.

Written from the published equations (SCIENCE.md section 1 and the papers cited in
src/science/qd.rs), not from PhotoCalc's code or output, in 40-digit arithmetic (mpmath).
Constants are CODATA 2018 exact values. Values that ../shared/refdata/seed_checks.json
already holds (Yu-Peng D and epsilon at 516 nm CdTe, 550 nm CdSe, 410 nm CdS) are copied
into the corpus from there; this script prints them only as a cross-check.

Run: pip install mpmath==1.4.1 && python3 tests/links/derive_v1.py
"""
from mpmath import mp, mpf, exp, sqrt, pi, findroot

mp.dps = 40
h = mpf("6.62607015e-34")
c = mpf("299792458")
e = mpf("1.602176634e-19")
m0 = mpf("9.1093837015e-31")
eps0 = mpf("8.8541878128e-12")
HC_EV_NM = h * c / e * mpf(10) ** 9


def show(name, value):
    print(f"{name} = {mp.nstr(value, 15)}")


def yu_cdte(l):
    return mpf("9.8127e-7") * l**3 - mpf("1.7147e-3") * l**2 + mpf("1.0064") * l - mpf("194.84")


def yu_cdse(l):
    return (mpf("1.6122e-9") * l**4 - mpf("2.6575e-6") * l**3 + mpf("1.6242e-3") * l**2
            - mpf("0.4277") * l + mpf("41.57"))


def yu_cds(l):
    return mpf("-6.6521e-8") * l**3 + mpf("1.9557e-4") * l**2 - mpf("9.2352e-2") * l + mpf("13.29")


def jasieniak(l):
    return (mpf("1.62974e-9") * l**4 - mpf("2.85743e-6") * l**3 + mpf("1.8873e-3") * l**2
            - mpf("0.54736") * l + mpf("59.60816"))


print("# 1. CdTe Yu-Peng 516 nm, A 0.1 (cross-check of refdata)")
d = yu_cdte(mpf(516)); eps = 10043 * d ** mpf("2.12")
show("D", d); show("eps", eps); show("c", mpf("0.1") / eps)

print("# 2. CdSe Yu-Peng 550 nm, A 0.2, no v=")
d = yu_cdse(mpf(550)); eps = 5857 * d ** mpf("2.65")
show("D", d); show("eps", eps); show("c", mpf("0.2") / eps)

print("# 3. CdSe Jasieniak 560 nm, HWHM 12 nm, A 0.15, dilution 2")
l = mpf(560)
d = jasieniak(l)
E = HC_EV_NM / l
eps60 = 155507 + mpf("6.67054e13") * exp(-E / mpf("0.10551"))
hwhm_ev = E - HC_EV_NM / (l + 12)
eps = eps60 * mpf("0.060") / hwhm_ev
show("D", d); show("eps", eps); show("c", mpf("0.15") * 2 / eps)
show("D(548)", jasieniak(l - 12)); show("D(572)", jasieniak(l + 12))

print("# 4. PbS Moreels 2009, 1200 nm, A400 0.5")
# E0 = 0.41 + 1/(0.0252 d^2 + 0.283 d), solved for d
E = HC_EV_NM / mpf(1200)
d = findroot(lambda x: mpf("0.41") + 1 / (mpf("0.0252") * x**2 + mpf("0.283") * x) - E, 4)
eps = mpf("0.0233e6") * d**3
show("D", d); show("eps400", eps); show("c", mpf("0.5") / eps)

print("# 5. CdS Brus 420 nm, Eg 2.42 eV, me 0.19, mh 0.8, epsr 5.7")
hbar = h / (2 * pi)
def brus_ev(diam_nm, eg, me, mh, er):
    r = diam_nm / 2 * mpf("1e-9")
    conf = hbar**2 * pi**2 / (2 * m0 * r**2) * (1 / me + 1 / mh)
    coul = mpf("1.786") * e**2 / (4 * pi * eps0 * er * r)
    return eg + (conf - coul) / e
E = HC_EV_NM / mpf(420)
d = findroot(lambda x: brus_ev(x, mpf("2.42"), mpf("0.19"), mpf("0.8"), mpf("5.7")) - E, 4)
show("D", d)

print("# 6. CdTe Yu-Peng inverse, D = 3 nm, A 0.1")
l = findroot(lambda x: yu_cdte(x) - 3, 530)
eps = 10043 * mpf(3) ** mpf("2.12")
show("peak", l); show("eps", eps); show("c", mpf("0.1") / eps)

print("# 8. CdS Yu-Peng 410 nm, A 0.05 (cross-check of refdata)")
d = yu_cds(mpf(410)); eps = 21536 * d ** mpf("2.3")
show("D", d); show("eps", eps); show("c", mpf("0.05") / eps)

print("# 7. CdTe Yu-Peng 520 nm, A 0.3, path 0.5, with a spectrum")
d = yu_cdte(mpf(520)); eps = 10043 * d ** mpf("2.12")
show("D", d); show("eps", eps); show("c", mpf("0.3") / (eps * mpf("0.5")))
