"""Wrong solutions for constants lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    # photon_energy
    "tutorial_planck_digits": ("constants.photon_energy", """
        def photon_energy(wavelength_nm):
            energy = 6.62607015e-3 * constants.c / (wavelength_nm * 1e-9)
            return energy, energy / constants.eV
    """),
    "reduced_planck_constant": ("constants.photon_energy", """
        def photon_energy(wavelength_nm):
            energy = constants.hbar * constants.c / (wavelength_nm * constants.nano)
            return energy, energy / constants.eV
    """),
    "nanometres_not_converted": ("constants.photon_energy", """
        def photon_energy(wavelength_nm):
            energy = constants.h * constants.c / wavelength_nm
            return energy, energy / constants.eV
    """),
    "list_not_tuple": ("constants.photon_energy", """
        def photon_energy(wavelength_nm):
            energy = constants.h * constants.c / (wavelength_nm * constants.nano)
            return [energy, energy / constants.eV]
    """),
    # constant_record
    "absolute_uncertainty_as_precision": ("constants.constant_record", """
        def constant_record(name):
            value, unit, uncertainty = constants.physical_constants[name]
            return {"value": value, "unit": unit, "uncertainty": uncertainty,
                    "precision": uncertainty}
    """),
    "precision_without_sign": ("constants.constant_record", """
        def constant_record(name):
            value, unit, uncertainty = constants.physical_constants[name]
            return {"value": value, "unit": unit, "uncertainty": uncertainty,
                    "precision": abs(constants.precision(name))}
    """),
    "unit_hard_coded_si": ("constants.constant_record", """
        def constant_record(name):
            value, unit, uncertainty = constants.physical_constants[name]
            return {"value": value, "unit": unit or "1", "uncertainty": uncertainty,
                    "precision": constants.precision(name)}
    """),
    # find_constants
    "obsolete_names_included": ("constants.find_constants", """
        def find_constants(substring, unit):
            return sorted(name for name, (_, name_unit, _) in constants.physical_constants.items()
                          if substring.lower() in name.lower() and name_unit == unit)
    """),
    "case_sensitive_match": ("constants.find_constants", """
        def find_constants(substring, unit):
            return sorted(name for name in constants.find() if substring in name
                          and constants.unit(name) == unit)
    """),
    "unit_ignored": ("constants.find_constants", """
        def find_constants(substring, unit):
            return constants.find(substring)
    """),
    # convert_units
    "units_swapped": ("constants.convert_units", """
        def convert_units(value, from_unit, to_unit):
            return value * getattr(constants, to_unit) / getattr(constants, from_unit)
    """),
    "to_si_only": ("constants.convert_units", """
        def convert_units(value, from_unit, to_unit):
            return value * getattr(constants, from_unit)
    """),
    # weight_newtons
    "gravity_rounded": ("constants.weight_newtons", """
        def weight_newtons(mass, mass_unit):
            return mass * getattr(constants, mass_unit) * 9.81
    """),
    "big_g_for_little_g": ("constants.weight_newtons", """
        def weight_newtons(mass, mass_unit):
            return float(mass * getattr(constants, mass_unit) * constants.G)
    """),
    "mass_unit_ignored": ("constants.weight_newtons", """
        def weight_newtons(mass, mass_unit):
            return mass * constants.g
    """),
    # ideal_gas_pressure
    "no_kelvin_offset": ("constants.ideal_gas_pressure", """
        def ideal_gas_pressure(amount_mol, temperature, scale, volume_litres):
            return amount_mol * constants.R * temperature / (volume_litres * constants.liter)
    """),
    "litres_as_cubic_metres": ("constants.ideal_gas_pressure", """
        def ideal_gas_pressure(amount_mol, temperature, scale, volume_litres):
            kelvin = constants.convert_temperature(temperature, scale, "K")
            return float(amount_mol * constants.R * kelvin / volume_litres)
    """),
    "celsius_assumed": ("constants.ideal_gas_pressure", """
        def ideal_gas_pressure(amount_mol, temperature, scale, volume_litres):
            kelvin = temperature + constants.zero_Celsius
            return amount_mol * constants.R * kelvin / (volume_litres * constants.liter)
    """),
    # mean_molecular_speed
    "rms_speed_instead": ("constants.mean_molecular_speed", """
        def mean_molecular_speed(molecule_mass_u, temperature_kelvin):
            m = molecule_mass_u * constants.atomic_mass
            return float(np.sqrt(3 * constants.k * temperature_kelvin / m))
    """),
    "dalton_taken_as_proton_mass": ("constants.mean_molecular_speed", """
        def mean_molecular_speed(molecule_mass_u, temperature_kelvin):
            m = molecule_mass_u * constants.m_p
            return float(np.sqrt(8.0 * constants.k * temperature_kelvin / (np.pi * m)))
    """),
    "atomic_mass_typed_in_from_the_tutorial": ("constants.mean_molecular_speed", """
        def mean_molecular_speed(molecule_mass_u, temperature_kelvin):
            m = molecule_mass_u * 1.6605390666e-27   # CODATA 2018, as the tutorial prints it
            return float(np.sqrt(8.0 * constants.k * temperature_kelvin / (np.pi * m)))
    """),
    "mass_taken_as_grams_per_mole_in_kg": ("constants.mean_molecular_speed", """
        def mean_molecular_speed(molecule_mass_u, temperature_kelvin):
            return float(np.sqrt(8 * constants.R * temperature_kelvin
                                 / (np.pi * molecule_mass_u)))
    """),
    # blackbody_spectrum
    "frequency_form_of_planck": ("constants.blackbody_spectrum", """
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            nu = constants.c / (np.asarray(wavelengths_nm) * constants.nano)
            with np.errstate(over="ignore"):
                radiance = (2 * constants.h * nu**3 / constants.c**2
                            / np.expm1(constants.h * nu / (constants.k * temperature_kelvin)))
            b = constants.value("Wien wavelength displacement law constant")
            return radiance, float(b / temperature_kelvin / constants.nano)
    """),
    "peak_from_the_grid": ("constants.blackbody_spectrum", """
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            lam = np.asarray(wavelengths_nm, dtype=float) * constants.nano
            with np.errstate(over="ignore"):
                radiance = 2 * constants.h * constants.c**2 / lam**5 / np.expm1(
                    constants.h * constants.c / (lam * constants.k * temperature_kelvin))
            return radiance, float(np.ravel(wavelengths_nm)[np.argmax(radiance)])
    """),
    "obsolete_wien_constant": ("constants.blackbody_spectrum", """
        import warnings
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            lam = np.asarray(wavelengths_nm, dtype=float) * constants.nano
            with np.errstate(over="ignore"):
                radiance = 2 * constants.h * constants.c**2 / lam**5 / np.expm1(
                    constants.h * constants.c / (lam * constants.k * temperature_kelvin))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                b = constants.physical_constants["Wien displacement law constant"][0]
            return radiance, float(b / temperature_kelvin / constants.nano)
    """),
    "factor_two_dropped": ("constants.blackbody_spectrum", """
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            lam = np.asarray(wavelengths_nm, dtype=float) * constants.nano
            with np.errstate(over="ignore"):
                radiance = constants.h * constants.c**2 / lam**5 / np.expm1(
                    constants.h * constants.c / (lam * constants.k * temperature_kelvin))
            b = constants.value("Wien wavelength displacement law constant")
            return radiance, float(b / temperature_kelvin / constants.nano)
    """),
    "find_unit_ignores_case": ("constants.find_constants", """
        def find_constants(substring, unit):
            return sorted(n for n in constants.find(substring)
                          if constants.unit(n).lower() == unit.lower())
    """),
    "spectrum_flattened": ("constants.blackbody_spectrum", """
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            lam = np.ravel(wavelengths_nm).astype(float) * 1e-9
            with np.errstate(over="ignore"):
                x = constants.h * constants.c / (lam * constants.k * temperature_kelvin)
                b = 2 * constants.h * constants.c**2 / lam**5 / np.expm1(x)
            wien = constants.value("Wien wavelength displacement law constant")
            return b, float(wien / temperature_kelvin * 1e9)
    """),
}

ALTERNATIVES = {
    "electronvolt_from_elementary_charge": ("constants.photon_energy", """
        from scipy.constants import c, e, h
        def photon_energy(wavelength_nm):
            joules = h * c / wavelength_nm * 1e9
            return (joules, joules / e)
    """),
    "value_unit_precision_functions": ("constants.constant_record", """
        def constant_record(name):
            value = constants.value(name)
            return {"precision": constants.precision(name), "unit": constants.unit(name),
                    "uncertainty": constants.precision(name) * value, "value": value}
    """),
    "loop_over_current_names": ("constants.find_constants", """
        def find_constants(substring, unit):
            found = []
            for name in constants.find():
                if substring.casefold() in name.casefold() and constants.unit(name) == unit:
                    found.append(name)
            found.sort()
            return found
    """),
    "ratio_of_multipliers": ("constants.convert_units", """
        def convert_units(value, from_unit, to_unit):
            ratio = vars(constants)[to_unit] / vars(constants)[from_unit]
            return value / ratio
    """),
    "kgf_times_kilograms": ("constants.weight_newtons", """
        def weight_newtons(mass, mass_unit):
            return constants.kgf * (mass * getattr(constants, mass_unit))
    """),
    "own_temperature_formulas": ("constants.ideal_gas_pressure", """
        def ideal_gas_pressure(amount_mol, temperature, scale, volume_litres):
            letter = scale[0].upper()
            if letter == "C":
                kelvin = temperature + 273.15
            elif letter == "F":
                kelvin = (temperature - 32.0) * 5.0 / 9.0 + 273.15
            elif letter == "R":
                kelvin = temperature * 5.0 / 9.0
            else:
                kelvin = temperature
            return amount_mol * constants.gas_constant * kelvin / (volume_litres / 1000.0)
    """),
    "molar_mass_and_R": ("constants.mean_molecular_speed", """
        import math
        def mean_molecular_speed(molecule_mass_u, temperature_kelvin):
            molar_mass_kg = molecule_mass_u * 1e-3
            return math.sqrt(8 * constants.R * temperature_kelvin / (math.pi * molar_mass_kg))
    """),
    "wien_attribute_and_exp": ("constants.blackbody_spectrum", """
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            lam = np.asarray(wavelengths_nm, dtype=float) * 1e-9
            h, c, k = constants.h, constants.c, constants.k
            with np.errstate(over="ignore"):
                radiance = 2 * h * c**2 / lam**5 / (
                    np.exp(h * c / (lam * k * temperature_kelvin)) - 1)
            return radiance, float(constants.Wien / temperature_kelvin * 1e9)
    """),
    "exp_minus_one_with_loop": ("constants.blackbody_spectrum", """
        import math
        def blackbody_spectrum(wavelengths_nm, temperature_kelvin):
            wavelengths_nm = np.asarray(wavelengths_nm, dtype=float)
            radiance = np.empty_like(wavelengths_nm)
            for index, nm in np.ndenumerate(wavelengths_nm):
                lam = nm * 1e-9
                x = constants.h * constants.c / (lam * constants.k * temperature_kelvin)
                radiance[index] = 0.0 if x > 700 else (
                    2 * constants.h * constants.c**2 / lam**5 / (math.exp(x) - 1.0))
            b = constants.physical_constants["Wien wavelength displacement law constant"][0]
            return radiance, b / temperature_kelvin * 1e9
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)

test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    "atomic_mass_typed_in_from_the_tutorial": "the atomic mass of CODATA 2018",
}, {"dalton_taken_as_proton_mass": "CODATA"})
