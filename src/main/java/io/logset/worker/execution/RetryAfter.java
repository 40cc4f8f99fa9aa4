package io.logset.worker.execution;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3): either delta-seconds ({@code 120}) or an
 * HTTP-date in the preferred IMF-fixdate form ({@code Sun, 06 Nov 1994 08:49:37 GMT}) or one of the two obsolete
 * forms that recipients must accept (RFC 850 and asctime).
 *
 * <p>Stateless and thread-safe.
 */
public final class RetryAfter {

    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private RetryAfter() {
    }

    /**
     * Returns the wait the header requests, measured from {@code now}; a date in the past gives zero.
     *
     * @return empty when the header is missing or in no accepted form
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        return date(text, now).map(date -> date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO);
    }

    private static Optional<Instant> date(String text, Instant now) {
        try {
            return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException notImfFixdate) {
            // Try the obsolete forms below.
        }
        for (DateTimeFormatter format : List.of(rfc850(now), ASCTIME)) {
            try {
                LocalDateTime local = LocalDateTime.parse(text, format);
                return Optional.of(local.toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notThisForm) {
                // Try the next form.
            }
        }
        return Optional.empty();
    }

    /**
     * The RFC 850 form, whose two-digit year is read as the year within 50 years of {@code now}, as RFC 9110
     * requires: a year more than 50 years ahead is taken as the most recent past year with those digits.
     */
    private static DateTimeFormatter rfc850(Instant now) {
        int baseYear = now.atZone(ZoneOffset.UTC).getYear() - 49;
        return new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, baseYear)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US);
    }
}
