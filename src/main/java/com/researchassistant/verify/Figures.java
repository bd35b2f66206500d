package com.researchassistant.verify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a sentence (numbers with their unit, percentages, both ends of a range, number
 * words) and whether a passage states them. Stateless.
 *
 * <p>A claim's figure is stated by a passage that has the same value, or a value the claim rounds
 * to its own decimals (29.7 % is "30 %"); after a hedge ("about 400", "over 6,000") also a value it
 * rounds to its own trailing zeros. When the claim gives a unit, the passage's figure must have
 * the same unit or none.
 */
final class Figures {

    /**
     * One figure.
     *
     * @param decimals digits after the decimal point as written
     * @param unit a normalised unit ("%", "mg", "h", "hz"), or "" for none
     * @param hedged written after "about", "over", "nearly" and the like
     * @param written as it stands in the text, for notes
     */
    record Figure(BigDecimal value, int decimals, String unit, boolean hedged, String written) {

        /** Worth a citation on its own: a decimal, a unit, or at least 10 (not "3 steps"). */
        boolean significant() {
            return decimals > 0 || !unit.isEmpty() || value.compareTo(BigDecimal.TEN) >= 0;
        }
    }

    private static final Pattern NUMBER =
            Pattern.compile("(?<![\\p{L}\\p{N}_.,/]|\\p{L}-)(\\d{1,3}(?:,\\d{3})+|\\d+)?(?:\\.(\\d+))?(?<=\\d)"
                    + "(?:\\s?(thousand|million|billion)\\b)?"
                    + "(?:\\s?(%|‰|per ?cent(?:age points?)?\\b|percentage points?\\b"
                    + "|[a-zA-Zµμ°][a-zA-Zµμ°]*(?:/[a-zA-Z]+)?))?");
    private static final Pattern NUMBER_WORD = Pattern.compile(
            "\\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                    + "(?:-(one|two|three|four|five|six|seven|eight|nine))?\\b"
                    + "|\\b(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\\b"
                    + "|\\b(one|two|three|four|five|six|seven|eight|nine)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEDGE = Pattern.compile(
            "(?:about|around|approximately|approx\\.|roughly|nearly|almost|some|over|under|more than|less than|"
                    + "fewer than|up to|at least|at most|~|≈|>|<|≥|≤)\\s*$",
            Pattern.CASE_INSENSITIVE);

    private static final Map<String, String> UNITS = units();
    private static final Set<String> ORDINAL = Set.of("st", "nd", "rd", "th");
    private static final List<String> ONES = List.of(
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen");
    private static final List<String> TENS =
            List.of("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety");

    private Figures() {}

    /** The figures of {@code text}: numerals with units, then number words. */
    static List<Figure> of(String text) {
        List<Figure> figures = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            numeral(text, m).ifPresent(figures::add);
        }
        Matcher w = NUMBER_WORD.matcher(text);
        while (w.find()) {
            figures.add(new Figure(BigDecimal.valueOf(wordValue(w)), 0, "", hedged(text, w.start()), w.group()));
        }
        return figures;
    }

    private static Optional<Figure> numeral(String text, Matcher m) {
        String whole = m.group(1) == null ? "0" : m.group(1).replace(",", "");
        String fraction = m.group(2) == null ? "" : m.group(2);
        BigDecimal value = new BigDecimal(fraction.isEmpty() ? whole : whole + "." + fraction);
        if (m.group(3) != null) {
            value = value.multiply(
                    switch (m.group(3).toLowerCase(Locale.ROOT)) {
                        case "thousand" -> BigDecimal.valueOf(1_000);
                        case "million" -> BigDecimal.valueOf(1_000_000);
                        default -> BigDecimal.valueOf(1_000_000_000);
                    });
        }
        String word = m.group(4) == null ? "" : m.group(4).toLowerCase(Locale.ROOT);
        boolean attached = m.group(4) != null && !Character.isWhitespace(text.charAt(m.start(4) - 1));
        if (attached && ORDINAL.contains(word)) {
            return Optional.empty(); // "21st", "3rd": a rank, not a figure
        }
        String unit = attached && (word.equals("s") || word.equals("y")) ? "" : unit(word);
        int end = unit.isEmpty() && m.group(4) != null ? m.start(4) : m.end();
        String written = text.substring(m.start(), end).strip();
        return Optional.of(new Figure(
                value.stripTrailingZeros(),
                m.group(3) == null ? fraction.length() : 0,
                unit,
                hedged(text, m.start()),
                written));
    }

    /** The normal form of a unit word, "" when it is no unit; "mg/dl" is read as "mg" per "dl". */
    private static String unit(String word) {
        String whole = UNITS.get(word);
        if (whole != null) {
            return whole;
        }
        int slash = word.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String per = word.substring(slash + 1);
        String over = UNITS.getOrDefault(word.substring(0, slash), "");
        return over.isEmpty() ? "" : over + "/" + UNITS.getOrDefault(per, per);
    }

    private static boolean hedged(String text, int at) {
        return HEDGE.matcher(text.substring(Math.max(0, at - 20), at)).find();
    }

    private static int wordValue(Matcher w) {
        if (w.group(1) != null) {
            int tens = TENS.indexOf(w.group(1).toLowerCase(Locale.ROOT)) * 10;
            return w.group(2) == null ? tens : tens + ONES.indexOf(w.group(2).toLowerCase(Locale.ROOT));
        }
        return ONES.indexOf((w.group(3) != null ? w.group(3) : w.group(4)).toLowerCase(Locale.ROOT));
    }

    /**
     * How {@code passage}'s figures miss {@code claim}, as the end of "[2] ..." ("does not give 15 %",
     * "gives 5 g, not 5 mg"), or empty when they state it.
     */
    static Optional<String> unstated(Figure claim, List<Figure> passage) {
        List<Figure> same = passage.stream().filter(p -> sameValue(claim, p)).toList();
        if (same.isEmpty()) {
            return Optional.of("does not give " + claim.written());
        }
        boolean unitAgrees =
                same.stream().anyMatch(p -> p.unit().isEmpty() || p.unit().equals(claim.unit()));
        if (claim.unit().isEmpty() || unitAgrees) {
            return Optional.empty();
        }
        return Optional.of("gives " + same.getFirst().written() + ", not " + claim.written());
    }

    private static boolean sameValue(Figure claim, Figure p) {
        if (claim.value().compareTo(p.value()) == 0) {
            return true;
        }
        if (p.decimals() > claim.decimals()
                && p.value().setScale(claim.decimals(), RoundingMode.HALF_UP).compareTo(claim.value()) == 0) {
            return true;
        }
        int zeros = trailingZeros(claim.value());
        return claim.hedged()
                && zeros > 0
                && p.value().setScale(-zeros, RoundingMode.HALF_UP).compareTo(claim.value()) == 0;
    }

    private static int trailingZeros(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return Math.max(0, -stripped.scale());
    }

    private static Map<String, String> units() {
        Map<String, String> u = new HashMap<>();
        for (String percent : List.of(
                "%",
                "percent",
                "per cent",
                "pct",
                "percentage point",
                "percentage points",
                "per cent age point",
                "percentpoints")) {
            u.put(percent, "%");
        }
        u.put("‰", "‰");
        put(u, "ms", "ms", "msec", "millisecond", "milliseconds");
        put(u, "s", "s", "sec", "secs", "second", "seconds");
        put(u, "min", "min", "mins", "minute", "minutes");
        put(u, "h", "h", "hr", "hrs", "hour", "hours");
        put(u, "d", "d", "day", "days");
        put(u, "wk", "wk", "wks", "week", "weeks");
        put(u, "mo", "mo", "month", "months");
        put(u, "yr", "y", "yr", "yrs", "year", "years");
        put(u, "µg", "µg", "μg", "ug", "mcg", "microgram", "micrograms");
        put(u, "mg", "mg", "milligram", "milligrams");
        put(u, "g", "g", "gram", "grams");
        put(u, "kg", "kg", "kilogram", "kilograms", "kilo", "kilos");
        put(u, "ng", "ng", "nanogram", "nanograms");
        put(u, "nm", "nm", "nanometre", "nanometres", "nanometer", "nanometers");
        put(u, "µm", "µm", "μm", "um", "micrometre", "micrometres", "micrometer", "micrometers", "micron", "microns");
        put(u, "mm", "mm", "millimetre", "millimetres", "millimeter", "millimeters");
        put(u, "cm", "cm", "centimetre", "centimetres", "centimeter", "centimeters");
        put(u, "m", "m", "metre", "metres", "meter", "meters");
        put(u, "km", "km", "kilometre", "kilometres", "kilometer", "kilometers");
        put(u, "ml", "ml", "millilitre", "millilitres", "milliliter", "milliliters");
        put(u, "l", "l", "litre", "litres", "liter", "liters");
        put(u, "dl", "dl", "decilitre", "decilitres", "deciliter", "deciliters");
        put(u, "hz", "hz", "hertz");
        put(u, "khz", "khz");
        put(u, "mhz", "mhz");
        put(u, "ghz", "ghz");
        put(u, "kcal", "kcal", "calorie", "calories");
        put(u, "kj", "kj");
        put(u, "°c", "°c");
        put(u, "°f", "°f");
        put(u, "mmhg", "mmhg");
        put(u, "mmol", "mmol");
        put(u, "mol", "mol");
        put(u, "iu", "iu");
        put(u, "bpm", "bpm");
        put(u, "ppm", "ppm");
        put(u, "kb", "kb");
        put(u, "mb", "mb");
        put(u, "gb", "gb");
        put(u, "tb", "tb");
        return Map.copyOf(u);
    }

    private static void put(Map<String, String> units, String normal, String... forms) {
        for (String form : forms) {
            units.put(form, normal);
        }
    }
}
