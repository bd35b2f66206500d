package com.researchassistant.viewer;

/**
 * A rectangle on a page as a share of the page's width and height (0 to 1), from its top-left
 * corner as the page is shown: the same at any rendered size.
 */
public record Box(double x, double y, double width, double height) {

    public Box {
        if (!(width >= 0 && height >= 0)) {
            throw new IllegalArgumentException("a box has no negative size: " + width + " x " + height);
        }
    }

    /** The smallest box holding both. */
    Box union(Box other) {
        double left = Math.min(x, other.x);
        double top = Math.min(y, other.y);
        double right = Math.max(x + width, other.x + other.width);
        double bottom = Math.max(y + height, other.y + other.height);
        return new Box(left, top, right - left, bottom - top);
    }

    /**
     * This box, given on the page as stored, on the page as shown after turning it clockwise by
     * {@code rotation} degrees (a PDF page's /Rotate): the page's width and height swap at 90 and 270.
     */
    Box turned(int rotation) {
        return switch (Math.floorMod(rotation, 360)) {
            case 90 -> new Box(1 - y - height, x, height, width);
            case 180 -> new Box(1 - x - width, 1 - y - height, width, height);
            case 270 -> new Box(y, 1 - x - width, height, width);
            default -> this;
        };
    }

    /** Clamped to the page and rounded to a ten-thousandth (a tenth of a pixel at 1,000 px). */
    Box onPage() {
        double left = clamp(x);
        double top = clamp(y);
        return new Box(round(left), round(top), round(clamp(x + width) - left), round(clamp(y + height) - top));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
