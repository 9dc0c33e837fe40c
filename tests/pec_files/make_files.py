#!/usr/bin/env python3
"""Writes the small potentiostat files in tests/pec_files/ that tests/pec_import.rs reads.

Regenerate with:  python3 tests/pec_files/make_files.py   (from the project root; it writes
beside itself). The output is deterministic: no randomness, no dates, no noise, so running it
again gives the same bytes and `git diff` stays empty.

Every value is ANALYTIC, computed here from the formulas below and written with a stated number
of digits; tests/pec_import.rs recomputes the same formulas and compares within those digits.
The layouts are modelled on real exports described line by line in
../shared/data/instruments/SOURCES.md, but no line of those files is copied (their licences do
not cover this repository): headers here are short, invented and anonymous.

Formulas (keep in step with tests/pec_import.rs):

  Photoanode J-V (voltammetry files), current in mA of a 1 cm2 electrode:
      I(E) = IPH * f_cycle - I0 * (exp((EON - E) / (N * VT)) - 1)
      IPH = 2.0 mA, I0 = 0.01 mA, EON = 0.4 V, N = 2, VT = 0.0257 V
      f_cycle = 1 for the first sweep/cycle, 0.9 for the second (.mpt cycle 2 only)
    It is cathodic (negative) below about 0.14 V and anodic (positive) above it.

  Solar cell (HZB multi-pixel file), current density in mA/cm2, tester's sign (Jsc negative):
      J(V) = J0 * (exp(V / (NS * VT)) - 1) - JSC_pixel
      J0 = 1e-9 mA/cm2, NS = 1.5, JSC = 20 (pixel a, 0.16 cm2) and 18 (pixel b, 0.25 cm2)

  Chopped-light chronoamperometry, current in mA at a held potential:
      I(t) = ID                                           t < 5 s
           = ID + DI * (1 - exp(-(t - 5) / TAU))          5 s <= t < 20 s
           = ID + DI * (1 - exp(-15 / TAU)) * exp(-(t - 20) / TAU)   t >= 20 s
      ID = 0.05 mA, DI = 1.2 mA, TAU = 2 s

Files (each under 4 kB):
  biologic_cv_2cycles_latin1_comma.mpt  EC-Lab CV, latin-1 (cm\xb2), CRLF, decimal comma,
      "Reference electrode : Ag/AgCl", <I>/mA, cycle number 1 and 2 (one loop in the header).
  biologic_ca_2loops_utf8.mpt           EC-Lab CA, UTF-8, LF, decimal point, <I>/\xb5A, two
      "Loop" lines, no reference line.
  gamry_cv_2curves_comma.DTA            Gamry CV, CRLF, decimal comma in header and data,
      OCVCURVE table first, CURVE1 and CURVE2 without point counts, CONVENTION 1.
  chi_cv_reversing.txt                  CHI760E-style CV text, one sweep up and back (the file
      does not mark the segments), "%.3f, %.3e" like CHI.
  palmsens_lsv_microampere.pssession    PSTrace session, UTF-16LE with a BOM before and a
      U+FEFF after the JSON, current unit type MicroAmpere while its symbol says "A".
  hzb_jv_2pixels.txt                    HZB solar-simulator J-V text, two pixels with
      different areas, forward and reverse sweeps under light.
  generic_lsv_mV_mAcm2.csv              CSV with "E (mV)" and "j (mA/cm2)".
  generic_lsv_V_uA.tsv                  TSV with "Potential/V" and "I/\xb5A" (UTF-8).
  generic_ca_chopped.csv                CSV chronoamperometry "t (s),E (V),I (mA)".
"""

import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

IPH, I0, EON, N, VT = 2.0, 0.01, 0.4, 2.0, 0.0257
J0, NS = 1e-9, 1.5
ID, DI, TAU = 0.05, 1.2, 2.0


def photoanode_ma(e, factor=1.0):
    return IPH * factor - I0 * (math.exp((EON - e) / (N * VT)) - 1.0)


def solar_ma_cm2(v, jsc):
    return J0 * (math.exp(v / (NS * VT)) - 1.0) - jsc


def chopped_ma(t):
    if t < 5.0:
        return ID
    if t < 20.0:
        return ID + DI * (1.0 - math.exp(-(t - 5.0) / TAU))
    return ID + DI * (1.0 - math.exp(-15.0 / TAU)) * math.exp(-(t - 20.0) / TAU)


def grid(start, stop, step):
    """start, start+step, ... stop, rounded to 1e-9 so that 0.1 + 3*0.05 writes as 0.25."""
    n = int(round((stop - start) / step))
    return [round(start + k * step, 9) for k in range(n + 1)]


def ec_lab(x, digits, comma):
    """EC-Lab's number format: d.dddE+000 (three exponent digits), locale decimal mark."""
    mantissa, exponent = f"{x:.{digits}E}".split("E")
    text = f"{mantissa}E{int(exponent):+04d}"
    return text.replace(".", ",") if comma else text


def gamry(x, comma):
    """Gamry's %.5E with three exponent digits."""
    mantissa, exponent = f"{x:.5E}".split("E")
    text = f"{mantissa}E{int(exponent):+04d}"
    return text.replace(".", ",") if comma else text


def write(name, data):
    assert len(data) < 4096, f"{name} is {len(data)} bytes"
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def cv_up_down(lo, hi, step):
    up = grid(lo, hi, step)
    return up + up[-2::-1]


def biologic_cv():
    # 0.1 -> 1.3 -> 0.1 V in 0.2 V steps (13 points a cycle), two cycles, 50 mV/s (4 s a point).
    sweep = cv_up_down(0.1, 1.3, 0.2)
    header = [
        "EC-Lab ASCII FILE",
        None,  # Nb header lines, filled in below
        "",
        "Cyclic Voltammetry",
        "",
        "Run on channel : 1 (SN 0000)",
        "User : ",
        "Electrode connection : standard",
        "Ewe ctrl range : min = -10,00 V, max = 10,00 V",
        "Acquisition started on : 01/02/2025 10:00:00",
        "Device : SP-200 (SN 0000)",
        "EC-Lab for windows v11.33 (software)",
        "Electrode material : BiVO4",
        "Electrolyte : 0,1 M KPi pH 7",
        "Reference electrode : Ag/AgCl",
        "Electrode surface area : 1,000 cm\u00b2",
        "Ei (V)              0,100               ",
        "dE/dt               50,000              ",
        "dE/dt unit          mV/s                ",
        "E1 (V)              1,300               ",
        "E2 (V)              0,100               ",
        "nc cycles           1                   ",
        "",
        "Number of loops : 1",
        f"Loop 0 from point number 0 to {2 * len(sweep) - 1}",
        "",
        "mode\tox/red\ttime/s\tEwe/V\t<I>/mA\tcycle number\t",
    ]
    header[1] = f"Nb header lines : {len(header)}".ljust(46)
    rows = []
    k = 0
    for cycle, factor in ((1, 1.0), (2, 0.9)):
        for e in sweep:
            i = photoanode_ma(e, factor)
            cells = ["2", "1" if i > 0 else "0", ec_lab(3.0 + 4.0 * k, 15, True), ec_lab(e, 7, True), ec_lab(i, 15, True), ec_lab(cycle, 15, True)]
            rows.append("\t".join(cells))
            k += 1
    text = "\r\n".join(header + rows) + "\r\n"
    write("biologic_cv_2cycles_latin1_comma.mpt", text.encode("latin-1"))


def biologic_ca():
    # Held at 1.23 V; t = 0..29 s every 1 s; loop 0 = points 0-14, loop 1 = points 15-29.
    header = [
        "EC-Lab ASCII FILE",
        None,
        "",
        "Chronoamperometry / Chronocoulometry",
        "",
        "Run on channel : 2 (SN 0000)",
        "User : ",
        "Device : SP-300 (SN 0000)",
        "EC-Lab for windows v11.61 (software)",
        "Electrode surface area : 0,250 cm\u00b2",
        "Ei (V)              1,230               ",
        "vs.                 Ref                 ",
        "ti (h:m:s)          0:00:15,0000        ",
        "",
        "Number of loops : 2",
        "Loop 0 from point number 0 to 14",
        "Loop 1 from point number 15 to 29",
        "",
        "mode\tox/red\ttime/s\tEwe/V\t<I>/\u00b5A\tcycle number\t",
    ]
    header[1] = f"Nb header lines : {len(header)}".ljust(46)
    rows = []
    for k in range(30):
        t = float(k)
        cells = ["1", "1", ec_lab(t, 15, False), ec_lab(1.23, 7, False), ec_lab(chopped_ma(t) * 1000.0, 15, False), ec_lab(1 if k < 15 else 2, 15, False)]
        rows.append("\t".join(cells))
    text = "\n".join(header + rows) + "\n"
    write("biologic_ca_2loops_utf8.mpt", text.encode("utf-8"))


def gamry_cv():
    # CURVE1: 0.1 -> 1.3 V in 0.1 V steps (13 points); CURVE2: 1.3 -> 0.1 V (13 points); 50 mV/s.
    up = grid(0.1, 1.3, 0.1)
    down = up[::-1]
    c = True
    lines = [
        "EXPLAIN",
        "TAG\tCV",
        "TITLE\tLABEL\tCyclic Voltammetry\tTest &Identifier",
        "DATE\tLABEL\t2/1/2025\tDate",
        "TIME\tLABEL\t10:00:00\tTime",
        "NOTES\tNOTES\t1\t&Notes...",
        "\tgenerated by tests/pec_files/make_files.py",
        "PSTAT\tPSTAT\tREF600-00000\tPotentiostat",
        f"VINIT\tPOTEN\t{gamry(0.1, c)}\tF\tInitial &E (V)",
        f"VLIMIT1\tPOTEN\t{gamry(1.3, c)}\tF\tScan Limit &1 (V)",
        f"VLIMIT2\tPOTEN\t{gamry(0.1, c)}\tF\tScan Limit &2 (V)",
        f"SCANRATE\tQUANT\t{gamry(50.0, c)}\t&Scan Rate (mV/s)",
        "CYCLES\tIQUANT\t1\tC&ycles (#)",
        f"AREA\tQUANT\t{gamry(1.0, c)}\tElectrode &Area (cm^2)",
        "OCVCURVE\tTABLE\t4",
        "\tPt\tT\tVf\tVm\tOver",
        "\t#\ts\tV vs. Ref.\tV\tbits",
    ]
    for k in range(4):
        v = 0.25 + 0.001 * k
        lines.append(f"\t{k}\t{(k + 1) * 0.25:g}".replace(".", ",") + f"\t{gamry(v, c)}\t{gamry(v, c)}\t..........a")
    lines += [
        "EOC\tQUANT\t0,253\tOpen Circuit (V)",
        "CONVENTION\tIQUANT\t1\tCurrent Convention",
        "FRAMEWORKVERSION\tLABEL\t7.8.4\tFramework Version",
    ]
    pt = 0
    for name, sweep in (("CURVE1", up), ("CURVE2", down)):
        lines += [f"{name}\tTABLE", "\tPt\tT\tVf\tIm\tVu\tIERange\tOver", "\t#\ts\tV vs. Ref.\tA\tV\t#\tbits"]
        for e in sweep:
            t = f"{2.0 * (pt + 1):g}".replace(".", ",")
            lines.append(f"\t{pt}\t{t}\t{gamry(e, c)}\t{gamry(photoanode_ma(e) * 1e-3, c)}\t{gamry(0.0, c)}\t6\t...........")
            pt += 1
    write("gamry_cv_2curves_comma.DTA", ("\r\n".join(lines) + "\r\n").encode("ascii"))


def chi_number(x):
    """CHI's %.3e without exponent padding: -4.214e-4."""
    mantissa, exponent = f"{x:.3e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def chi_cv():
    # 0.10 -> 1.30 -> 0.10 V in 0.05 V steps: 25 points up (vertex included), 24 back.
    sweep = cv_up_down(0.1, 1.3, 0.05)
    lines = [
        "February 1, 2025   10:00:00",
        "Cyclic Voltammetry",
        "File: c:\\data\\generated cv.bin",
        "Data Source:  Experiment",
        "Instrument Model:  CHI760E",
        "Header: ",
        "Note: ",
        "",
        "Init E (V) = 0.1",
        "High E (V) = 1.3",
        "Low E (V) = 0.1",
        "Init P/N = P",
        "Scan Rate (V/s) = 0.05",
        "Segment = 2",
        "Sample Interval (V) = 0.05",
        "Quiet Time (sec) = 2",
        "Sensitivity (A/V) = 0.001",
        "",
        "Results:",
        "",
        "Potential/V, Current/A",
        "",
    ]
    lines += [f"{e:.3f}, {chi_number(photoanode_ma(e) * 1e-3)}" for e in sweep]
    write("chi_cv_reversing.txt", ("\r\n".join(lines) + "\r\n").encode("ascii"))


def palmsens_lsv():
    # 0.1 -> 1.3 V in 0.06 V steps (21 points), 10 mV/s (6 s a point); current in uA, 6 decimals.
    es = grid(0.1, 1.3, 0.06)
    method = "#PSTrace, Version=5.9\r\nMETHOD_ID=lsv\r\nE_BEGIN=1.000E-001\r\nE_END=1.300E+000\r\nE_STEP=6.000E-002\r\nSCAN_RATE=1.000E-002\r\n"

    def array(kind, description, unit_type, symbol, quantity, values):
        return {"Type": f"PalmSens.Data.{kind}", "Description": description,
                "Unit": {"Type": f"PalmSens.Units.{unit_type}", "S": symbol, "Q": quantity},
                "DataValues": values}

    values = [
        array("DataArrayTime", "time", "Time", "s", "Time", [{"V": 6.0 * k} for k in range(len(es))]),
        array("DataArrayPotentials", "potential", "Volt", "V", "Potential", [{"V": e, "S": 0} for e in es]),
        array("DataArrayCurrents", "current", "MicroAmpere", "A", "Current",
              [{"V": round(photoanode_ma(e) * 1000.0, 6), "S": 0} for e in es]),
    ]
    session = {"Type": "PalmSens.DataFiles.SessionFile", "MethodForMeasurement": method,
               "Measurements": [{"Title": "Linear Sweep Voltammetry", "Method": method,
                                 "DataSet": {"Type": "PalmSens.Data.DataSet", "Values": values}}]}
    text = json.dumps(session, separators=(",", ":"), ensure_ascii=False)
    write("palmsens_lsv_microampere.pssession", b"\xff\xfe" + (text + "\ufeff").encode("utf-16-le"))


def hzb_jv():
    # -0.2 -> 1.0 V in 0.06 V steps (21 points), forward and reverse, light, pixels a and b.
    vs = grid(-0.2, 1.0, 0.06)
    areas = {"a": 0.16, "b": 0.25}
    jscs = {"a": 20.0, "b": 18.0}
    lines = [
        "Date\t10:00:00 - 01.02.2025",
        "Sample\tGENERATED_1",
        "Voltage_start (V)\t-0.2",
        "Voltage_end (V)\t1.0",
        "Voltage_step (V)\t0.06",
        "Cell area(cm^2)\t[0.16, 0.25]",
        "Power Density (mW/cm^2)\t100",
        "Temperature(\u00b0C)\t25",
        "--",
        "\ta_Forward_Light\ta_Reverse_Light\tb_Forward_Light\tb_Reverse_Light",
    ]
    voc = {p: NS * VT * math.log(jscs[p] / J0 + 1.0) for p in areas}
    lines.append("Voc(V)\t" + "\t".join(f"{voc[p]:.6f}" for p in "aabb"))
    lines.append("Jsc(mA/cm2)\t" + "\t".join(f"{solar_ma_cm2(0.0, jscs[p]):.6f}" for p in "aabb"))
    lines.append("--")
    labels = [(p, s) for p in "ab" for s in ("Forward", "Reverse")]
    lines.append("\t".join(f"Voltage (V)_{p}_{s}_Light\tCurrent Density(mA/cm^2)_{p}_{s}_Light" for p, s in labels))
    for k in range(len(vs)):
        cells = []
        for p, s in labels:
            v = vs[k] if s == "Forward" else vs[-1 - k]
            cells += [f"{v:g}", f"{solar_ma_cm2(v, jscs[p]):.6f}"]
        lines.append("\t".join(cells))
    write("hzb_jv_2pixels.txt", ("\n".join(lines) + "\n").encode("utf-8"))


def generic_files():
    # CSV: 100 -> 1300 mV in 50 mV steps (25 rows), j in mA/cm2 with 6 significant digits.
    rows = ["E (mV),j (mA/cm2)"] + [f"{1000 * e:g},{photoanode_ma(e):.6g}" for e in grid(0.1, 1.3, 0.05)]
    write("generic_lsv_mV_mAcm2.csv", ("\n".join(rows) + "\n").encode("utf-8"))
    # TSV: 0.1 -> 1.3 V in 0.05 V steps (25 rows), I in uA with 4 decimals.
    rows = ["Potential/V\tI/\u00b5A"] + [f"{e:.2f}\t{photoanode_ma(e) * 1000:.4f}" for e in grid(0.1, 1.3, 0.05)]
    write("generic_lsv_V_uA.tsv", ("\n".join(rows) + "\n").encode("utf-8"))
    # CA: t = 0 .. 29.5 s every 0.5 s (60 rows) at 1.23 V, I in mA with 6 decimals.
    ts = np.arange(60) * 0.5
    rows = ["t (s),E (V),I (mA)"] + [f"{t:g},1.23,{chopped_ma(float(t)):.6f}" for t in ts]
    write("generic_ca_chopped.csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))


if __name__ == "__main__":
    biologic_cv()
    biologic_ca()
    gamry_cv()
    chi_cv()
    palmsens_lsv()
    hzb_jv()
    generic_files()
    for name in sorted(os.listdir(HERE)):
        if name != os.path.basename(__file__):
            print(f"{os.path.getsize(os.path.join(HERE, name)):6d}  {name}")
