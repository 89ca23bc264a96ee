package io.dramalake.jobs.cli;

import com.beust.jcommander.IStringConverter;
import com.beust.jcommander.ParameterException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Parses a {@code YYYY-MM-DD} option value, with a message that names the bad value. */
public final class LocalDateConverter implements IStringConverter<LocalDate> {
    private final String option;

    public LocalDateConverter(String option) {
        this.option = option;
    }

    @Override
    public LocalDate convert(String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ParameterException(option + ": '" + value + "' is not a date (expected YYYY-MM-DD)");
        }
    }
}
