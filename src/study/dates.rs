//! Dates as codestudy writes them (YYYY-MM-DD, YYYY-MM-DD HH:MM), without
//! a date library: the clock for what is saved, and commit times.

/// Today's date (UTC) as YYYY-MM-DD, and the time as YYYY-MM-DD HH:MM.
pub fn today_and_now() -> (String, String) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let now = format!("{date} {:02}:{:02}", rem / 3600, rem % 3600 / 60);
    (date, now)
}

/// Seconds since the epoch (already shifted to local time) as
/// YYYY-MM-DD HH:MM.
pub fn format_date(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// Seconds since the epoch and a UTC offset in minutes as ISO 8601, as
/// `git log --date=iso-strict` writes it: 2024-05-01T10:00:00+02:00.
pub fn iso_8601(secs: i64, offset_minutes: i32) -> String {
    let local = secs.saturating_add(i64::from(offset_minutes) * 60);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let rem = local.rem_euclid(86_400);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.unsigned_abs();
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        off / 60,
        off % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates_as_git_writes_them() {
        assert_eq!(super::iso_8601(0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            super::iso_8601(1_714_557_600, 120),
            "2024-05-01T12:00:00+02:00"
        );
        assert_eq!(
            super::iso_8601(1_714_557_600, -330),
            "2024-05-01T04:30:00-05:30"
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(super::civil_from_days(-1), (1969, 12, 31));
        // Any date a commit can carry, however absurd, formats.
        for secs in [i64::MAX, i64::MIN, i64::MAX - 1] {
            assert!(!super::format_date(secs).is_empty());
        }
    }
}
