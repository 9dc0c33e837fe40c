#!/usr/bin/env python3
"""Independent check of science::pec::model and operating_points: the photodiode model in
Python (scipy brentq on the diode equation, then on A_a*J_a + A_c*J_c = 0) for the seed-002 pair.
Run: python3 tests/pec_refs/photodiode_pair.py"""
import math
from scipy.optimize import brentq
kT=1.380649e-23*298.15/1.602176634e-19
def J(E, jph, on, n, rs, rsh, anode):
    jph*=1e-3; nvt=n*kT
    b=(E-on) if anode else (on-E)
    u=0.5-b
    if u>=0.5: return 0.0
    j0=jph/math.expm1(0.5/nvt)
    g=lambda j: jph - j0*math.expm1((u+j*rs)/nvt) - (u+j*rs)/rsh - j
    span=jph+j0+abs(u)/rsh+1e-3
    low=-span - max(u,0)/rs if rs>0 else -span
    j=brentq(g,low,span) if rs>0 else g(0)
    j=max(j,0)*1e3
    return j if anode else -j
def cross(pa,pc):
    f=lambda E: J(E,*pa,True)+J(E,*pc,False)
    Es=[-1+i*0.002 for i in range(801)]
    for a,b in zip(Es,Es[1:]):
        fa,fb=f(a),f(b)
        if fa!=0 and fb!=0 and (fa>0)!=(fb>0):
            e=brentq(f,a,b); return e, J(e,*pc,False)
print(cross((0.6, -0.45, 2, 1500, math.inf), (0.4, 0.03, 2, 1500, math.inf)))
