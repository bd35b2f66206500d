package com.researchassistant.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads an embedder in a JVM of its own and prints the heap it uses, so a test or a person can run
 * it under {@code -Xmx256m}. Usage: {@code SmallHeapProbe <cacheDir> onnx|stock}. The one output
 * line is for the parent process to parse, hence standard output rather than a logger.
 */
final class SmallHeapProbe {

    private SmallHeapProbe() {}

    public static void main(String[] args) {
        long before = heapUsedAfterGc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            texts.add("Sentence number " + i + " about retrieval, memory and the heap.");
        }
        long peak;
        long loaded;
        long worked;
        if (args[1].equals("stock")) {
            EmbeddingModel stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
            stock.embed("warm up");
            peak = heapPeak();
            loaded = heapUsedAfterGc();
            texts.forEach(stock::embed);
            worked = heapUsedAfterGc();
        } else {
            try (OnnxEmbedder embedder = OnnxEmbedder.open(Path.of(args[0]))) {
                embedder.embed("warm up");
                peak = heapPeak();
                loaded = heapUsedAfterGc();
                embedder.embedAll(texts);
                embedder.embed("x ".repeat(60_000));
                worked = heapUsedAfterGc();
            }
        }
        System.out.printf(
                "heapMaxMb=%d heapBeforeMb=%.1f heapPeakDuringLoadMb=%.1f heapAfterLoadMb=%.1f heapAfterWorkMb=%.1f%n",
                Runtime.getRuntime().maxMemory() >> 20, mb(before), mb(peak), mb(loaded), mb(worked));
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sum of each heap pool's peak since the reset: an upper bound of the heap's peak. */
    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
