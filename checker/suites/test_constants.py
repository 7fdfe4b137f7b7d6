"""Suite for topic 03, constants.

Every expected value comes from scipy.constants at run time: CODATA values change between
SciPy releases (2018 to 2022 so far), so no constant's digits are typed in here.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import constants

from checker.expect import (
    ExpectationFailed,
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_value,
)

# Results built from the same constants in another order (a NumPy formula, a loop) differ
# from the reference by a few units in the last place; a wrong formula or constant differs
# by far more.
RTOL = 1e-10


def _current_names() -> list[str]:
    return constants.find()


def _expect_photon_energy(got, wavelength_nm: float) -> None:
    """photon_energy's (joules, electronvolts), each value named in what a message says."""
    __tracebackhide__ = True
    call = f"photon_energy({wavelength_nm})"
    expect_equal(type(got).__name__, "tuple", what=f"the type of what {call} returns")
    expect_equal(len(got), 2, what=f"the number of values {call} returns "
                                   "(joules, electronvolts)")
    joules, electronvolts = _photon_energy(wavelength_nm)
    expect_float(got[0], joules, rtol=RTOL,
                 what=f"the energy in joules (the first value) from {call}")
    expect_float(got[1], electronvolts, rtol=RTOL,
                 what=f"the energy in electronvolts (the second value) from {call}")


# -- photon_energy ----------------------------------------------------------------------

def _photon_energy(wavelength_nm: float) -> tuple[float, float]:
    joules = constants.h * constants.c / (wavelength_nm * 1e-9)
    return joules, joules / constants.eV


@exercise("constants.photon_energy")
@pytest.mark.parametrize("wavelength_nm", [121.567, 500.0, 1064.0, 0.0124])
def test_photon_energy(learner, wavelength_nm):
    _expect_photon_energy(learner.photon_energy(wavelength_nm), wavelength_nm)


@exercise("constants.photon_energy")
def test_photon_energy_random(learner, rng):
    wavelength_nm = round(float(rng.uniform(100.0, 3000.0)), 3)
    _expect_photon_energy(learner.photon_energy(wavelength_nm), wavelength_nm)


# -- constant_record --------------------------------------------------------------------

def _record(name: str) -> dict[str, float | str]:
    value, unit, uncertainty = constants.physical_constants[name]
    return {"value": value, "unit": unit, "uncertainty": uncertainty,
            "precision": uncertainty / value}


@exercise("constants.constant_record")
@pytest.mark.parametrize("name", [
    "Planck constant",            # exact since 2019: uncertainty 0
    "proton mass",
    "fine-structure constant",    # dimensionless: unit ""
    "electron mag. mom.",         # negative: so is its relative precision
    "Newtonian constant of gravitation",
])
def test_constant_record(learner, name):
    expect_value(learner.constant_record(name), _record(name), rtol=1e-12,
                 what=f"constant_record({name!r})")


@exercise("constants.constant_record")
def test_constant_record_random(learner, rng):
    for name in rng.choice(_current_names(), size=3, replace=False):
        expect_value(learner.constant_record(str(name)), _record(str(name)), rtol=1e-12,
                     what=f"constant_record({str(name)!r})")


# -- find_constants ---------------------------------------------------------------------

def _found(substring: str, unit: str) -> list[str]:
    return sorted(name for name in constants.find(substring) if constants.unit(name) == unit)


def _expect_names(got, expected: list[str], what: str) -> None:
    """A sorted list of str naming exactly the expected constants; says which differ."""
    __tracebackhide__ = True
    if type(got) is not list or not all(type(name) is str for name in got):
        expect_value(got, expected, what=what)
    missing = [name for name in expected if name not in got]
    extra = [name for name in got if name not in expected]
    if missing or extra:
        raise ExpectationFailed(
            f"{what}: expected {len(expected)} name{'s' * (len(expected) != 1)}, "
            f"got {len(got)}"
            + (f"; missing {missing}" if missing else "")
            + (f"; should not be there {extra}" if extra else ""))
    expect_value(got, expected, what=f"{what} (sorted)")


@exercise("constants.find_constants")
@pytest.mark.parametrize("substring, unit", [
    ("planck", "kg"),
    ("MASS", "kg"),               # the match ignores case
    ("displacement", "m K"),      # physical_constants still has an obsolete Wien constant
    ("mag. mom.", "J T^-1"),
    ("magn. moment", "J T^-1"),   # names from older CODATA only: nothing current matches
    ("ratio", ""),
    ("electron", "kg m s^-1"),
    ("n", "S"),                   # siemens: only the name's match ignores case, not seconds
])
def test_find_constants(learner, substring, unit):
    _expect_names(learner.find_constants(substring, unit), _found(substring, unit),
                  what=f"find_constants({substring!r}, {unit!r})")


@exercise("constants.find_constants")
def test_find_constants_random(learner, rng):
    name = str(rng.choice(_current_names()))
    words = [word for word in name.split() if len(word) >= 3] or [name]
    substring = str(rng.choice(words))
    unit = constants.unit(name)
    _expect_names(learner.find_constants(substring, unit), _found(substring, unit),
                  what=f"find_constants({substring!r}, {unit!r})")


# -- convert_units ----------------------------------------------------------------------

@exercise("constants.convert_units")
@pytest.mark.parametrize("from_unit, to_unit", [
    ("inch", "foot"),
    ("mile", "nautical_mile"),
    ("pound", "gram"),
    ("eV", "calorie"),
    ("hour", "minute"),
    ("atm", "psi"),
    ("kilo", "milli"),
    ("light_year", "au"),
])
def test_convert_units(learner, rng, from_unit, to_unit):
    value = round(float(rng.uniform(0.5, 500.0)), 3)
    expected = value * getattr(constants, from_unit) / getattr(constants, to_unit)
    expect_float(learner.convert_units(value, from_unit, to_unit), expected, rtol=RTOL,
                 what=f"convert_units({value}, {from_unit!r}, {to_unit!r})")


# -- weight_newtons ---------------------------------------------------------------------

@exercise("constants.weight_newtons")
@pytest.mark.parametrize("mass_unit", ["pound", "gram", "ounce", "stone", "metric_ton"])
def test_weight_newtons(learner, rng, mass_unit):
    mass = round(float(rng.uniform(0.1, 100.0)), 3)
    expected = mass * getattr(constants, mass_unit) * constants.g
    expect_float(learner.weight_newtons(mass, mass_unit), expected, rtol=RTOL,
                 what=f"weight_newtons({mass}, {mass_unit!r})")


# -- ideal_gas_pressure -----------------------------------------------------------------

@exercise("constants.ideal_gas_pressure")
@pytest.mark.parametrize("scale", ["Celsius", "Kelvin", "Fahrenheit", "Rankine", "C", "f"])
def test_ideal_gas_pressure(learner, rng, scale):
    amount_mol = round(float(rng.uniform(0.1, 10.0)), 3)
    kelvin = float(rng.uniform(150.0, 900.0))
    temperature = round(float(constants.convert_temperature(kelvin, "Kelvin", scale)), 2)
    volume_litres = round(float(rng.uniform(0.5, 100.0)), 2)
    kelvin = float(constants.convert_temperature(temperature, scale, "Kelvin"))
    expected = amount_mol * constants.R * kelvin / (volume_litres * 1e-3)
    expect_float(learner.ideal_gas_pressure(amount_mol, temperature, scale, volume_litres),
                 expected, rtol=1e-9,
                 what=f"ideal_gas_pressure({amount_mol}, {temperature}, {scale!r}, "
                      f"{volume_litres}) (in pascals)")


@exercise("constants.ideal_gas_pressure")
def test_ideal_gas_pressure_at_freezing_point(learner):
    # 0 degrees Celsius: a solution that forgets the offset to kelvin divides 0 by V.
    expected = constants.R * constants.zero_Celsius / (22.4 * 1e-3)
    expect_float(learner.ideal_gas_pressure(1.0, 0.0, "Celsius", 22.4), expected, rtol=1e-9,
                 what="ideal_gas_pressure(1.0, 0.0, 'Celsius', 22.4) (in pascals)")


# -- mean_molecular_speed ---------------------------------------------------------------

# Atomic mass units of older CODATA releases (kg), as tables and tutorials print them: the
# tutorial of this course shows 2018's.
OLD_ATOMIC_MASSES = {2018: 1.6605390666e-27, 2014: 1.660539040e-27, 2010: 1.660538921e-27}


@exercise("constants.mean_molecular_speed")
@pytest.mark.parametrize("molecule_mass_u", [2.016, 4.0026, 28.0134, 44.0095, 352.02])
def test_mean_molecular_speed(learner, rng, molecule_mass_u):
    temperature = round(float(rng.uniform(50.0, 2000.0)), 2)
    expected = np.sqrt(8 * constants.k * temperature
                       / (np.pi * molecule_mass_u * constants.atomic_mass))
    # 1e-8: a formula with R and the molar mass (M_u is 1e-3 kg/mol only to 1e-9) is fine.
    # An atomic mass typed in from an older CODATA table is off by about as much, so a
    # speed from one of those is told apart by matching it.
    got = learner.mean_molecular_speed(molecule_mass_u, temperature)
    typed_in = [year for year, mass in OLD_ATOMIC_MASSES.items()
                if isinstance(got, float) and not np.isclose(mass, constants.atomic_mass,
                                                             rtol=1e-12, atol=0.0)
                and np.isclose(got, np.sqrt(8 * constants.k * temperature
                                            / (np.pi * molecule_mass_u * mass)),
                               rtol=1e-13, atol=0.0)]
    expect_float(got, float(expected), rtol=1e-13 if typed_in else 1e-8,
                 what=f"mean_molecular_speed({molecule_mass_u}, {temperature}) (in m/s"
                      + (f"; this is the speed with the atomic mass of CODATA {typed_in[0]}, "
                         f"{OLD_ATOMIC_MASSES[typed_in[0]]} kg, typed in: use "
                         "constants.atomic_mass, whose value is that of the CODATA release "
                         "this SciPy carries" if typed_in else "") + ")")


# -- blackbody_spectrum -----------------------------------------------------------------

def _planck(wavelengths_nm: np.ndarray, temperature: float) -> np.ndarray:
    wavelengths_m = wavelengths_nm * 1e-9
    x = constants.h * constants.c / (wavelengths_m * constants.k * temperature)
    with np.errstate(over="ignore"):
        return 2 * constants.h * constants.c**2 / wavelengths_m**5 / np.expm1(x)


def _check_spectrum(learner, wavelengths_nm: np.ndarray, temperature: float, what: str) -> None:
    __tracebackhide__ = True
    result = learner.blackbody_spectrum(wavelengths_nm, temperature)
    expect_equal(type(result).__name__, "tuple", what=f"the type of what {what} returns")
    expect_equal(len(result), 2, what=f"the length of the tuple {what} returns")
    radiance, peak_nm = result
    expected = _planck(wavelengths_nm, temperature)
    # Where the radiance is 1e-12 of its largest value or less, an absolute tolerance
    # allows the underflow of another correct way of writing the formula.
    expect_array(radiance, expected, shape=wavelengths_nm.shape, dtype_kind="f", rtol=1e-9,
                 atol=1e-12 * float(np.max(expected)),
                 what=f"the radiance (W sr^-1 m^-3) from {what}")
    wien_b = constants.physical_constants["Wien wavelength displacement law constant"][0]
    expect_float(peak_nm, wien_b / temperature * 1e9, rtol=1e-9,
                 what=f"the Wien peak wavelength (nm) from {what}")


@exercise("constants.blackbody_spectrum")
@pytest.mark.parametrize("temperature", [5772.0, 2.725, 300.0])
def test_blackbody_spectrum(learner, temperature):
    wavelengths_nm = np.geomspace(100.0, 1e7, 60)
    _check_spectrum(learner, wavelengths_nm, temperature,
                    f"blackbody_spectrum(60 wavelengths 100 nm to 1 cm, {temperature} K)")


@exercise("constants.blackbody_spectrum")
def test_blackbody_spectrum_random(learner, rng):
    temperature = round(float(rng.uniform(500.0, 20000.0)), 1)
    wavelengths_nm = np.sort(rng.uniform(50.0, 5000.0, size=(3, int(rng.integers(4, 9)))))
    _check_spectrum(learner, wavelengths_nm, temperature,
                    f"blackbody_spectrum(a {wavelengths_nm.shape} array of wavelengths, "
                    f"{temperature} K)")


@exercise("constants.blackbody_spectrum")
def test_blackbody_spectrum_overflow(learner):
    # At 3 K and 10 nm, h c / (lambda k T) is near 480000: exp overflows and B is 0.
    wavelengths_nm = np.array([10.0, 1e6, 1e8])
    _check_spectrum(learner, wavelengths_nm, 3.0,
                    "blackbody_spectrum([10 nm, 1 mm, 10 cm], 3.0 K)")
