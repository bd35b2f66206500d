package com.researchassistant.llm;

import java.io.InputStream;
import java.util.Arrays;

/** Serves bytes in reads that never cross the given offsets, like a network delivering odd packets. */
final class ChoppedInputStream extends InputStream {

    private final byte[] data;
    private final int[] cuts;
    private int position;

    ChoppedInputStream(byte[] data, int... cuts) {
        this.data = data.clone();
        this.cuts = Arrays.stream(cuts).sorted().toArray();
    }

    /** Every read returns a single byte. */
    static ChoppedInputStream byteByByte(byte[] data) {
        int[] cuts = new int[data.length];
        Arrays.setAll(cuts, i -> i);
        return new ChoppedInputStream(data, cuts);
    }

    @Override
    public int read() {
        return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= data.length) {
            return -1;
        }
        int end = Math.min(data.length, position + length);
        for (int cut : cuts) {
            if (cut > position && cut < end) {
                end = cut;
                break;
            }
        }
        int count = end - position;
        System.arraycopy(data, position, buffer, offset, count);
        position = end;
        return count;
    }
}
