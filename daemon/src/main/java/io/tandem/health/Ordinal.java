package io.tandem.health;

/** {@code 1st}, {@code 2nd}, {@code 3rd}, {@code 11th}: how transition reasons count results. */
final class Ordinal {
    private Ordinal() {}

    static String of(int n) {
        int lastTwo = n % 100;
        String suffix =
                lastTwo >= 11 && lastTwo <= 13
                        ? "th"
                        : switch (n % 10) {
                            case 1 -> "st";
                            case 2 -> "nd";
                            case 3 -> "rd";
                            default -> "th";
                        };
        return n + suffix;
    }
}
