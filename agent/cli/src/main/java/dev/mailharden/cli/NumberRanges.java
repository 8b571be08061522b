package dev.mailharden.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values that are numbers within a range: anything else is a usage error (exit 2). */
final class NumberRanges {

  private NumberRanges() {}

  /** A count or a number of seconds: 1 or more. */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return within(value, 1, Integer.MAX_VALUE);
    }
  }

  /** 0 to 100. */
  static final class Percentage implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return within(value, 0, 100);
    }
  }

  private static int within(String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (n < min || n > max) {
      throw new TypeConversionException(n + " is out of range (" + min + "-"
          + (max == Integer.MAX_VALUE ? "" : max) + ")");
    }
    return n;
  }
}
