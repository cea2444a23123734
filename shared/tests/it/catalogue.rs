//! The cargo catalogue in generated data: every product runs, writes its own setpoint and
//! content type, and a normal run of any product labels nothing, in both profiles.

use crate::common::spec;
use reefer_shared::rcm::Profile;
use reefer_shared::{Generator, Product, Simulation};

/// Readings in 30 days, 5 minutes apart.
const THIRTY_DAYS: u64 = 30 * 24 * 12;

#[test]
fn a_normal_run_of_every_product_for_30_days_labels_no_row_in_either_profile() {
    for product in Product::ALL {
        for profile in [Profile::Standard, Profile::Rcm] {
            let spec =
                spec("C01", product, Simulation::Normal, THIRTY_DAYS, 7).with_profile(profile);
            let mut rows = 0;
            for r in Generator::new(spec) {
                assert!(
                    !r.maintenance_required,
                    "{product} ({}) labelled at {}",
                    profile.name(),
                    r.measurement_time
                );
                assert_eq!(r.target_temperature, product.target_temperature());
                assert_eq!(r.content_type, product.content_type());
                rows += 1;
            }
            assert_eq!(rows, THIRTY_DAYS);
        }
    }
}

#[test]
fn every_catalogue_product_is_read_by_its_id_and_its_name() {
    for product in Product::ALL {
        let carriage = product.carriage();
        assert_eq!(carriage.id.parse::<Product>(), Ok(product));
        assert_eq!(carriage.key.parse::<Product>(), Ok(product));
    }
}
