//! Numbers as the encoders write them: floats in shortest round-trip form, integers in decimal.

/// Appends a float as the CSV and JSON encoders write it: the shortest text that reads back
/// as the same double, always with a decimal point or an exponent (`6.0`, `37.8226902168957`).
pub fn write_float(out: &mut Vec<u8>, value: f64) {
    push_float(out, value);
}

/// Appends a float in shortest round-trip form, always with a decimal point or exponent.
#[inline]
pub(super) fn push_float(out: &mut Vec<u8>, value: f64) {
    // Whole numbers (targets, a power-off's 0.0) are common and quick to write by hand; the
    // result is what zmij (and ryu) would write for them.
    let whole = value as i64;
    if whole as f64 == value
        && whole.unsigned_abs() < 1_000_000_000_000_000
        && !(whole == 0 && value.is_sign_negative())
    {
        push_int(out, whole);
        out.extend_from_slice(b".0");
        return;
    }
    let mut buffer = zmij::Buffer::new();
    out.extend_from_slice(buffer.format(value).as_bytes());
}

/// Appends a coordinate (degrees) as [`write_float`] would. A voyage's positions are rounded
/// to 5 decimals ([`crate::route`]); those are written as fixed decimals (the shortest
/// round-trip text of such a double), anything else by the general algorithm.
#[inline]
pub(super) fn push_coordinate(out: &mut Vec<u8>, degrees: f64) {
    let units = crate::round::round(degrees * 1e5);
    if degrees.abs() >= 1e-4 && degrees.abs() < 1000.0 && units / 1e5 == degrees {
        write_degrees(out, units as i32);
    } else {
        push_float(out, degrees);
    }
}

/// The two digits of 0 to 99.
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut k = 0;
    while k < 100 {
        pairs[k] = [b'0' + (k / 10) as u8, b'0' + (k % 10) as u8];
        k += 1;
    }
    pairs
};

/// Appends `units / 10^5` (|units| below 10^8, not 0) as [`write_fixed`] would: a coordinate
/// on every row of a voyage, so written with fixed steps into a buffer copied whole (a
/// constant-size copy, no loop and no call), then cut to its length.
#[inline]
fn write_degrees(out: &mut Vec<u8>, units: i32) {
    let magnitude = units.unsigned_abs();
    let (whole, fraction) = (magnitude / 100_000, magnitude % 100_000);
    let mut buffer = [0u8; 16];
    let mut at = 0;
    if units < 0 {
        buffer[0] = b'-';
        at = 1;
    }
    if whole >= 100 {
        buffer[at] = b'0' + (whole / 100) as u8;
        at += 1;
    }
    if whole >= 10 {
        buffer[at] = b'0' + (whole / 10 % 10) as u8;
        at += 1;
    }
    buffer[at] = b'0' + (whole % 10) as u8;
    buffer[at + 1] = b'.';
    // The fraction's five digits: one, then two pairs from a table.
    let (pairs_high, pairs_low) = (fraction % 10_000 / 100, fraction % 100);
    buffer[at + 2] = b'0' + (fraction / 10_000) as u8;
    buffer[at + 3..at + 5].copy_from_slice(&PAIRS[pairs_high as usize]);
    buffer[at + 5..at + 7].copy_from_slice(&PAIRS[pairs_low as usize]);
    // Trailing zeros dropped; one digit stays after the point.
    let kept = match (pairs_high, pairs_low) {
        (0, 0) => 1,
        (_, 0) => 3 - usize::from(pairs_high % 10 == 0),
        _ => 5 - usize::from(pairs_low % 10 == 0),
    };
    let length = out.len() + at + 2 + kept;
    out.extend_from_slice(&buffer);
    out.truncate(length);
}

/// Appends `units / 10^decimals` (decimals 1 to 5) as the shortest round-trip text of the double
/// nearest to it, which is that decimal without its trailing zeros (`1.97`, `2.0`, `-0.5`):
/// what [`write_float`] writes for such a value, without the general algorithm.
pub fn write_fixed(out: &mut Vec<u8>, units: i64, decimals: u32) {
    debug_assert!((1..=5).contains(&decimals));
    let magnitude = units.unsigned_abs();
    // Constant divisors: the compiler turns each into a multiplication.
    let (mut whole, mut fraction) = match decimals {
        1 => (magnitude / 10, magnitude % 10),
        2 => (magnitude / 100, magnitude % 100),
        3 => (magnitude / 1_000, magnitude % 1_000),
        4 => (magnitude / 10_000, magnitude % 10_000),
        _ => (magnitude / 100_000, magnitude % 100_000),
    };
    let mut digits = decimals;
    while digits > 1 && fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    // Written backwards into a buffer on the stack (at most 20 + 1 + 5 + 1 bytes), then
    // appended at once.
    let mut buffer = [0u8; 32];
    let mut at = buffer.len();
    for _ in 0..digits {
        at -= 1;
        buffer[at] = b'0' + (fraction % 10) as u8;
        fraction /= 10;
    }
    at -= 1;
    buffer[at] = b'.';
    loop {
        at -= 1;
        buffer[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if units < 0 {
        at -= 1;
        buffer[at] = b'-';
    }
    out.extend_from_slice(&buffer[at..]);
}

/// Appends an unsigned integer in decimal.
#[inline]
pub(super) fn push_int(out: &mut Vec<u8>, value: impl itoa::Integer) {
    let mut buffer = itoa::Buffer::new();
    out.extend_from_slice(buffer.format(value).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_are_written_as_the_shortest_round_trip() {
        for units in -100_000i64..100_000 {
            for decimals in 1..=3 {
                let value = units as f64 / 10f64.powi(decimals as i32);
                if value == 0.0 && units < 0 {
                    continue;
                }
                let (mut fixed, mut general) = (Vec::new(), Vec::new());
                write_fixed(&mut fixed, units, decimals);
                write_float(&mut general, value);
                assert_eq!(fixed, general, "{units} / 10^{decimals}");
            }
        }
    }

    #[test]
    fn floats_are_written_as_ryu_writes_them() {
        // The same text as ryu (and Python's repr, but for the exponent's form) for every
        // magnitude below 1e16; simulated readings never come near that.
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            6.0,
            -122.324895,
            37.8226902168957,
            999_999_999_999_999.0,
            1e15,
            -1e15,
            9.999_999_999_999_998e15,
            1e-7,
            -3.0e-5,
            0.5,
            f64::MIN_POSITIVE,
        ];
        values.extend((-300..300).map(|i| f64::from(i) * 0.25));
        for value in values {
            let mut out = Vec::new();
            push_float(&mut out, value);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                ryu::Buffer::new().format(value),
                "{value}"
            );
        }
    }

    #[test]
    fn coordinates_to_five_decimals_are_written_as_the_general_algorithm_writes_them() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            51.95, -3.26, 4.05, 0.00012, -0.00012, 1e-5, 0.0, -0.0, 180.0,
        ];
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let degrees = (state % 36_000_001) as f64 / 1e5 - 180.0;
            values.push(libm::round(degrees * 1e5) / 1e5);
        }
        values.push(-122.324895);
        values.push(37.8226902168957);
        for value in values {
            let (mut fixed, mut general) = (Vec::new(), Vec::new());
            push_coordinate(&mut fixed, value);
            push_float(&mut general, value);
            assert_eq!(fixed, general, "{value}");
        }
    }
}
