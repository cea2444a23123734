//! The products a reefer carries: the original five demo products (SPEC's table) and the cargo
//! catalogue beside them ([`crate::catalogue`], with what each needs and the sources).

use crate::catalogue::{Carriage, CATALOGUE};

/// A product: P01–P05 are the original simulator's demo products, P06–P20 the cargo
/// catalogue (`reefer products` lists them with their carriage conditions and sources).
///
/// Each fixes the container's target temperature, the humidity it keeps and the
/// `content_type` written in every record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// P01 Carrots: type 1, 4 °C, 40 % humidity.
    P01,
    /// P02 Banana: type 2, 6 °C, 60 % humidity (the original tool's default).
    P02,
    /// P03 Salad: type 1, 4 °C, 40 % humidity.
    P03,
    /// P04 Avocado: type 2, 6 °C, 40 % humidity.
    P04,
    /// P05 Tomato: type 1, 5 °C, 40 % humidity.
    P05,
    /// P06 Frozen meat, −20 °C.
    P06,
    /// P07 Frozen fish, −25 °C.
    P07,
    /// P08 Ice cream, −28 °C.
    P08,
    /// P09 Chilled beef, vacuum-packed, −1.5 °C.
    P09,
    /// P10 Bananas, 13.3 °C.
    P10,
    /// P11 Bananas under a controlled atmosphere, 13.3 °C.
    P11,
    /// P12 Avocados under a controlled atmosphere, 5.5 °C.
    P12,
    /// P13 Apples under a controlled atmosphere, 1 °C.
    P13,
    /// P14 Oranges, 5 °C.
    P14,
    /// P15 Blueberries, 0 °C.
    P15,
    /// P16 Pharmaceuticals, 2–8 °C.
    P16,
    /// P17 Pharmaceuticals, 15–25 °C.
    P17,
    /// P18 Cut roses, 1 °C.
    P18,
    /// P19 Potatoes, 7 °C.
    P19,
    /// P20 Onions, 0 °C.
    P20,
}

impl Product {
    /// The original simulator's five products, in id order: what a fleet of the `standard`
    /// profile rotates through, as the original did.
    pub const ORIGINAL: [Product; 5] = [
        Product::P01,
        Product::P02,
        Product::P03,
        Product::P04,
        Product::P05,
    ];

    /// Every product, in id order (the index of [`CATALOGUE`]).
    pub const ALL: [Product; 20] = [
        Product::P01,
        Product::P02,
        Product::P03,
        Product::P04,
        Product::P05,
        Product::P06,
        Product::P07,
        Product::P08,
        Product::P09,
        Product::P10,
        Product::P11,
        Product::P12,
        Product::P13,
        Product::P14,
        Product::P15,
        Product::P16,
        Product::P17,
        Product::P18,
        Product::P19,
        Product::P20,
    ];

    /// What this product needs in carriage (its row of the catalogue).
    pub fn carriage(self) -> &'static Carriage {
        &CATALOGUE[self as usize]
    }

    /// The id written in `product_id`, e.g. `"P02"`.
    pub fn id(self) -> &'static str {
        CATALOGUE[self as usize].id
    }

    /// The product's name, e.g. `"Banana"`.
    pub fn name(self) -> &'static str {
        CATALOGUE[self as usize].name
    }

    /// The `content_type` column: 1 and 2 for the original products, then by class (3
    /// frozen, 4 chilled, 5 controlled atmosphere, 6 pharmaceutical).
    pub fn content_type(self) -> u8 {
        CATALOGUE[self as usize].content_type
    }

    /// The target temperature in °C: the `target_temperature` column and the mean of `temperature`.
    pub fn target_temperature(self) -> f64 {
        CATALOGUE[self as usize].setpoint_celsius
    }

    /// The mean of the humidity column, in %.
    pub fn humidity(self) -> f64 {
        CATALOGUE[self as usize].humidity_percent
    }
}

impl Default for Product {
    /// P02, as in the original tool.
    fn default() -> Self {
        Product::P02
    }
}

impl crate::named::Named for Product {
    const ALL: &'static [Self] = &Product::ALL;
    const WHAT: &'static str = "product";
    const EXPECTED: &'static str = "expected one of P01 (Carrots), P02 (Banana), P03 (Salad), P04 (Avocado), P05 (Tomato), or a catalogue product P06–P20 by id or name (`reefer products` lists them)";

    fn text(self) -> &'static str {
        self.id()
    }

    fn aliases(self) -> &'static [&'static str] {
        std::slice::from_ref(&CATALOGUE[self as usize].key)
    }
}

crate::display_and_parse_by_name!(Product);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_the_spec_table() {
        let table: Vec<_> = Product::ORIGINAL
            .iter()
            .map(|p| {
                (
                    p.id(),
                    p.name(),
                    p.content_type(),
                    p.target_temperature(),
                    p.humidity(),
                )
            })
            .collect();
        assert_eq!(
            table,
            vec![
                ("P01", "Carrots", 1, 4.0, 40.0),
                ("P02", "Banana", 2, 6.0, 60.0),
                ("P03", "Salad", 1, 4.0, 40.0),
                ("P04", "Avocado", 2, 6.0, 40.0),
                ("P05", "Tomato", 1, 5.0, 40.0),
            ]
        );
    }

    #[test]
    fn each_product_reads_its_row_of_the_catalogue() {
        assert_eq!(Product::ALL.len(), CATALOGUE.len());
        for product in Product::ALL {
            assert_eq!(product.carriage().id, product.id());
        }
    }

    #[test]
    fn parses_ids_and_rejects_others_with_the_list() {
        assert_eq!("P04".parse::<Product>(), Ok(Product::P04));
        assert_eq!(" p01 ".parse::<Product>(), Ok(Product::P01));
        assert_eq!("P10".parse::<Product>(), Ok(Product::P10));
        assert_eq!("Bananas-CA".parse::<Product>(), Ok(Product::P11));
        let err = "P21".parse::<Product>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"P21\" is not a valid product: expected one of P01 (Carrots), P02 (Banana), P03 (Salad), P04 (Avocado), P05 (Tomato), or a catalogue product P06–P20 by id or name (`reefer products` lists them)"
        );
    }
}
