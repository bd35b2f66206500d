package com.researchassistant.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the vectors and queries of {@code retrieve.IndexBenchmark} for {@code bench/faiss_bench.py}:
 * the same seeded generator (its private {@code point()}, called through reflection so as not to
 * copy it), called in the same order (n passages, then the queries), so the file holds exactly
 * what {@code IndexBenchmark n queries} searches.
 *
 * <p>Format, little-endian: int32 n, int32 queries, int32 dimensions, then n + queries float32 rows.
 * Arguments: {@code n queries file}.
 */
public final class VectorExport {

    private VectorExport() {}

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        int n = Integer.parseInt(args[0]);
        int queries = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        Class<?> benchmark = Class.forName("com.researchassistant.retrieve.IndexBenchmark");
        Constructor<?> constructor = benchmark.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object generator = constructor.newInstance();
        Method point = benchmark.getDeclaredMethod("point");
        point.setAccessible(true);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            int dimensions = -1;
            for (int i = 0; i < n + queries; i++) {
                float[] v = (float[]) point.invoke(generator);
                if (dimensions < 0) {
                    dimensions = v.length;
                    out.write(ints(n, queries, dimensions));
                }
                ByteBuffer row = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                row.asFloatBuffer().put(v);
                out.write(row.array());
            }
        }
    }

    private static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }
}
