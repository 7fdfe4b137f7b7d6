"""Physical constants and units with scipy.constants."""

from __future__ import annotations

import numpy as np
from scipy import constants


def photon_energy(wavelength_nm: float) -> tuple[float, float]:
    """Return the energy of one photon of light of wavelength `wavelength_nm` nanometres.

    E = h c / wavelength, with h the Planck constant (exactly 6.62607015e-34 J s since
    the 2019 SI) and c the speed of light in vacuum. Return (energy in joules, energy in
    electronvolts), both Python floats.

    >>> energy_joules, energy_ev = photon_energy(500.0)
    >>> round(energy_ev, 4)
    2.4797
    """
    energy_joules = constants.h * constants.c / (wavelength_nm * constants.nano)
    return float(energy_joules), float(energy_joules / constants.eV)


def constant_record(name: str) -> dict[str, float | str]:
    """Describe the physical constant called `name` (a key of physical_constants).

    Return a dict with four keys:
    "value" (float, in SI units), "unit" (str, "" for a dimensionless constant),
    "uncertainty" (float, the standard uncertainty in the same unit, 0.0 for an exact
    constant) and "precision" (float, the relative precision: uncertainty / value, so it
    carries the sign of the value).

    >>> constant_record("Planck constant")
    {'value': 6.62607015e-34, 'unit': 'J Hz^-1', 'uncertainty': 0.0, 'precision': 0.0}
    """
    value, unit, uncertainty = constants.physical_constants[name]
    return {"value": float(value), "unit": unit, "uncertainty": float(uncertainty),
            "precision": float(constants.precision(name))}


def find_constants(substring: str, unit: str) -> list[str]:
    """Return the names of the current constants that contain `substring` and have `unit`.

    The match on the name ignores case, as scipy.constants.find does; the unit must be
    exactly `unit` (as scipy.constants.unit gives it, e.g. "kg" or "J T^-1"). Only current
    CODATA constants count: physical_constants also keeps some names from older releases,
    which find leaves out. Return a sorted list of str (empty when none match).

    >>> find_constants("planck", "kg")
    ['Planck mass']
    """
    return sorted(name for name in constants.find(substring) if constants.unit(name) == unit)


def convert_units(value: float, from_unit: str, to_unit: str) -> float:
    """Convert `value` from one unit to another of the same kind; return a Python float.

    Both units are names of the unit multipliers in scipy.constants (each is the size of
    that unit in SI units): lengths such as "inch", "foot", "mile", "nautical_mile",
    "light_year"; masses such as "pound", "ounce", "gram", "metric_ton"; energies such as
    "eV", "calorie", "Btu"; times such as "minute", "hour", "day"; pressures such as
    "atm", "bar", "psi", "torr"; and prefixes such as "kilo", "milli", "micro".

    >>> convert_units(12.0, "inch", "foot")
    1.0
    """
    return float(value * getattr(constants, from_unit) / getattr(constants, to_unit))


def weight_newtons(mass: float, mass_unit: str) -> float:
    """Return, in newtons, the weight under standard gravity of `mass` in `mass_unit`.

    `mass_unit` is the name of a mass multiplier in scipy.constants ("pound", "gram",
    "ounce", "stone", "metric_ton", ...). Use standard gravity, g = 9.80665 m/s^2 (a
    constant of scipy.constants). Return a Python float.

    >>> round(weight_newtons(1.0, "pound"), 6)
    4.448222
    """
    return float(mass * getattr(constants, mass_unit) * constants.g)


def ideal_gas_pressure(amount_mol: float, temperature: float, scale: str,
                       volume_litres: float) -> float:
    """Return the pressure in pascals of an ideal gas: p = n R T / V.

    `amount_mol` moles of gas at `temperature` on the temperature `scale` ("Celsius",
    "Kelvin", "Fahrenheit" or "Rankine"; the first letter also works, in either case) in a
    volume of `volume_litres` litres. R is the molar gas constant; T must be absolute
    (kelvin) and V in cubic metres. Return a Python float.

    >>> round(ideal_gas_pressure(1.0, 0.0, "Celsius", 22.4))
    101388
    """
    kelvin = constants.convert_temperature(temperature, scale, "Kelvin")
    return float(amount_mol * constants.R * kelvin / (volume_litres * constants.liter))


def mean_molecular_speed(molecule_mass_u: float, temperature_kelvin: float) -> float:
    """Return the mean speed in m/s of gas molecules: sqrt(8 k T / (pi m)).

    The molecules have a mass of `molecule_mass_u` atomic mass units (daltons; 28.0134
    for N2) and the gas is at `temperature_kelvin`. k is the Boltzmann constant and m the
    mass of one molecule in kilograms. Return a Python float.

    >>> round(mean_molecular_speed(28.0134, 300.0), 2)
    476.17
    """
    molecule_mass_kg = molecule_mass_u * constants.atomic_mass
    return float(np.sqrt(8.0 * constants.k * temperature_kelvin / (np.pi * molecule_mass_kg)))


def blackbody_spectrum(wavelengths_nm: np.ndarray,
                       temperature_kelvin: float) -> tuple[np.ndarray, float]:
    """Planck's law for a black body at `temperature_kelvin`, and where its spectrum peaks.

    Return (radiance, peak_nm):
    - radiance: float64 array of the shape of `wavelengths_nm`, the spectral radiance
      B = 2 h c^2 / lambda^5 / (exp(h c / (lambda k T)) - 1) in W sr^-1 m^-3 (per metre
      of wavelength), with lambda in metres. Where the exponent is so large that the
      exponential overflows, the radiance is 0.0.
    - peak_nm: the wavelength of the peak in nanometres, as a Python float, from Wien's
      displacement law lambda_max = b / T, with b the physical constant named
      "Wien wavelength displacement law constant".

    >>> radiance, peak_nm = blackbody_spectrum(np.array([500.0]), 5772.0)
    >>> round(peak_nm, 1)
    502.0
    """
    wavelengths_m = np.asarray(wavelengths_nm, dtype=np.float64) * constants.nano
    exponent = constants.h * constants.c / (wavelengths_m * constants.k * temperature_kelvin)
    with np.errstate(over="ignore"):
        radiance = 2.0 * constants.h * constants.c**2 / wavelengths_m**5 / np.expm1(exponent)
    wien_b = constants.value("Wien wavelength displacement law constant")
    return radiance, float(wien_b / temperature_kelvin / constants.nano)
