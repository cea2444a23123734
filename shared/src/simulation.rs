//! The kinds of simulation: normal operation and the injected faults of SPEC's table.

use crate::columns::Column;

/// What a generation simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Simulation {
    /// Normal operation: no fault, never labelled.
    #[default]
    Normal,
    /// The power goes off: `kilowatts` is 0; an outage of two or more readings is labelled and
    /// has its three fans off.
    PowerOff,
    /// The CO2 sensor misreads: `carbon_dioxide_level` ~ Normal(12, 2); labelled when CO2 > 10.8 or < 0.
    Co2Sensor,
    /// The O2 sensor misreads: `oxygen_level` ~ Normal(11, 2); labelled when O2 < 12.
    O2Sensor,
    /// A cargo temperature excursion in the fault runs (see [`crate::scenario`]).
    Temperature,
    /// The refrigeration stops and the temperature climbs toward the ambient.
    TempGrowth,
    /// A power failure: power 0, fans off, the temperature drifts toward the ambient.
    PowerFailure,
    /// The door is opened: warm, humid outside air comes in.
    DoorOpen,
    /// Scheduled defrost cycles: normal operation with a temperature signature.
    Defrost,
    /// The temperature sensor sticks at one value.
    SensorStuck,
    /// The temperature sensor drifts away from the truth.
    SensorDrift,
    /// The temperature sensor spikes now and then.
    SensorSpike,
    /// Readings go missing in 3 runs (see [`crate::delivery`]).
    Gaps,
    /// Blocks of readings are delivered twice.
    Duplicates,
    /// Blocks of readings arrive an hour or two late, out of order.
    LateEvents,
    /// Run to failure: the refrigerant leaks (see [`crate::wear`]).
    RefrigerantLeak,
    /// Run to failure: the compressor wears, then trips.
    CompressorWear,
    /// Run to failure: an evaporator fan drops out, then stops.
    FanFailure,
    /// Run to failure: the condenser fouls, then a high-pressure trip.
    CondenserFouling,
}

impl Simulation {
    /// Every simulation, in the order of SPEC's table.
    pub const ALL: [Simulation; 19] = [
        Simulation::Normal,
        Simulation::PowerOff,
        Simulation::Co2Sensor,
        Simulation::O2Sensor,
        Simulation::Temperature,
        Simulation::TempGrowth,
        Simulation::PowerFailure,
        Simulation::DoorOpen,
        Simulation::Defrost,
        Simulation::SensorStuck,
        Simulation::SensorDrift,
        Simulation::SensorSpike,
        Simulation::Gaps,
        Simulation::Duplicates,
        Simulation::LateEvents,
        Simulation::RefrigerantLeak,
        Simulation::CompressorWear,
        Simulation::FanFailure,
        Simulation::CondenserFouling,
    ];

    /// The simulations of fault episodes (all but the run-to-failure ones): what `mixed`
    /// means in a fleet.
    pub const EPISODIC: [Simulation; 15] = {
        let mut episodic = [Simulation::Normal; 15];
        let mut i = 0;
        while i < episodic.len() {
            episodic[i] = Simulation::ALL[i];
            i += 1;
        }
        episodic
    };

    /// How the unit wears out, for the run-to-failure simulations.
    pub const fn wear_mode(self) -> Option<crate::wear::WearMode> {
        use crate::wear::WearMode;
        match self {
            Simulation::RefrigerantLeak => Some(WearMode::RefrigerantLeak),
            Simulation::CompressorWear => Some(WearMode::CompressorWear),
            Simulation::FanFailure => Some(WearMode::EvaporatorFan),
            Simulation::CondenserFouling => Some(WearMode::CondenserFouling),
            _ => None,
        }
    }

    /// The name used on the command line, in `/control` and in file names.
    pub const fn name(self) -> &'static str {
        match self {
            Simulation::Normal => "normal",
            Simulation::PowerOff => "poweroff",
            Simulation::Co2Sensor => "co2sensor",
            Simulation::O2Sensor => "o2sensor",
            Simulation::Temperature => "temperature",
            Simulation::TempGrowth => "tempgrowth",
            Simulation::PowerFailure => "powerfailure",
            Simulation::DoorOpen => "dooropen",
            Simulation::Defrost => "defrost",
            Simulation::SensorStuck => "sensorstuck",
            Simulation::SensorDrift => "sensordrift",
            Simulation::SensorSpike => "sensorspike",
            Simulation::Gaps => "gaps",
            Simulation::Duplicates => "duplicates",
            Simulation::LateEvents => "lateevents",
            Simulation::RefrigerantLeak => "refrigerantleak",
            Simulation::CompressorWear => "compressorwear",
            Simulation::FanFailure => "fanfailure",
            Simulation::CondenserFouling => "condenserfouling",
        }
    }

    /// One line that explains the simulation to a user.
    pub const fn description(self) -> &'static str {
        match self {
            Simulation::Normal => "normal operation, no fault, nothing labelled",
            Simulation::PowerOff => {
                "power failures: kilowatts 0 and fans off; outages of 2+ readings are labelled"
            }
            Simulation::Co2Sensor => {
                "faulty CO2 sensor: readings around 12 %; labelled when CO2 > 10.8 or < 0"
            }
            Simulation::O2Sensor => "faulty O2 sensor: readings around 11 %; labelled when O2 < 12",
            Simulation::Temperature => {
                "temperature excursions: about 6 °C above normal in 3 runs; those rows labelled"
            }
            Simulation::TempGrowth => {
                "refrigeration stops: fans-only power, the cargo warms toward the ambient; labelled"
            }
            Simulation::PowerFailure => {
                "power failures: no power, fans off, the cargo warms, then recovers; outages labelled"
            }
            Simulation::DoorOpen => {
                "door openings: warmer, humid air, more O2, less CO2; open rows labelled"
            }
            Simulation::Defrost => {
                "defrost every 6 h: heater on, fans off, a short warm spike; normal, never labelled"
            }
            Simulation::SensorStuck => {
                "temperature sensor stuck at one value in 3 runs; those rows labelled (sensor)"
            }
            Simulation::SensorDrift => {
                "temperature sensor drifting 0.05 °C per reading in 3 runs; labelled (sensor)"
            }
            Simulation::SensorSpike => {
                "temperature sensor spikes (±15 °C) on 5 % of the rows of 3 runs; spikes labelled"
            }
            Simulation::Gaps => {
                "missing readings: the rows of 3 runs never arrive; nothing labelled (delivery)"
            }
            Simulation::Duplicates => {
                "duplicated readings: an hour of readings re-sent in 3 places; nothing labelled (delivery)"
            }
            Simulation::LateEvents => {
                "late readings: an hour of readings arrives 1-2 h late, out of order; nothing labelled (delivery)"
            }
            Simulation::RefrigerantLeak => {
                "run to failure: refrigerant leaks over days, ΔT shrinks, duty grows, the box warms; failures labelled, RUL in the ground truth"
            }
            Simulation::CompressorWear => {
                "run to failure: the compressor's power drifts up, then it trips; failures labelled, RUL in the ground truth"
            }
            Simulation::FanFailure => {
                "run to failure: evaporator fan 2 drops out more and more, then stops; failures labelled, RUL in the ground truth"
            }
            Simulation::CondenserFouling => {
                "run to failure: capacity falls in hot hours only, then a high-pressure trip; failures labelled, RUL in the ground truth"
            }
        }
    }
}

impl Simulation {
    /// The column the fault overwrites (the one to chart), `None` for `normal`.
    pub const fn fault_column(self) -> Option<&'static str> {
        match self {
            Simulation::Normal => None,
            Simulation::PowerOff => Some(Column::Kilowatts.name()),
            Simulation::Co2Sensor => Some(Column::CarbonDioxideLevel.name()),
            Simulation::O2Sensor => Some(Column::OxygenLevel.name()),
            Simulation::Temperature
            | Simulation::TempGrowth
            | Simulation::PowerFailure
            | Simulation::DoorOpen
            | Simulation::Defrost
            | Simulation::SensorStuck
            | Simulation::SensorDrift
            | Simulation::SensorSpike
            | Simulation::RefrigerantLeak
            | Simulation::CondenserFouling => Some(Column::Temperature.name()),
            Simulation::CompressorWear => Some(Column::Kilowatts.name()),
            Simulation::FanFailure => Some(Column::Fan2.name()),
            // The readings are normal; what changes is when they arrive.
            Simulation::Gaps | Simulation::Duplicates | Simulation::LateEvents => None,
        }
    }

    /// The values of the fault column at which the labelling rule changes (threshold lines
    /// on a chart): CO2 10.8 and 0, O2 12, power 0.
    pub const fn thresholds(self) -> &'static [f64] {
        match self {
            Simulation::Normal => &[],
            Simulation::PowerOff => &[0.0],
            Simulation::Co2Sensor => &[
                crate::thresholds::CO2_HIGH_THRESHOLD,
                crate::thresholds::CO2_LOW_THRESHOLD,
            ],
            Simulation::O2Sensor => &[crate::thresholds::O2_LOW_THRESHOLD],
            // Labelled by what happened, not by a threshold (or, for the delivery faults,
            // readings that are normal).
            _ => &[],
        }
    }
}

/// What a simulation name may be, for messages.
const EXPECTED: &str = "expected one of normal, poweroff, co2sensor, o2sensor, temperature, \
tempgrowth, powerfailure, dooropen, defrost, sensorstuck, sensordrift, sensorspike, gaps, \
duplicates, lateevents, refrigerantleak, compressorwear, fanfailure, condenserfouling";

crate::named_values! { Simulation {
    what: "simulation",
    expected: EXPECTED,
    all: &Self::ALL,
    text: name
} }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for sim in Simulation::ALL {
            assert_eq!(sim.name().parse::<Simulation>(), Ok(sim));
        }
        assert_eq!("CO2Sensor".parse::<Simulation>(), Ok(Simulation::Co2Sensor));
    }

    #[test]
    fn each_fault_names_its_column_and_thresholds() {
        assert_eq!(Simulation::Normal.fault_column(), None);
        assert_eq!(
            Simulation::Co2Sensor.fault_column(),
            Some("carbon_dioxide_level")
        );
        assert_eq!(Simulation::Co2Sensor.thresholds(), &[10.8, 0.0]);
        assert_eq!(Simulation::O2Sensor.thresholds(), &[12.0]);
        for sim in Simulation::ALL {
            if let Some(column) = sim.fault_column() {
                assert!(crate::columns::COLUMNS.contains(&column));
            }
        }
    }

    #[test]
    fn unknown_names_list_the_allowed_ones() {
        let err = "power".parse::<Simulation>().unwrap_err();
        assert!(err
            .to_string()
            .contains("expected one of normal, poweroff, co2sensor, o2sensor, temperature"));
    }
}
