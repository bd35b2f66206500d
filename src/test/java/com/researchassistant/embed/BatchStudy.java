package com.researchassistant.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * How much batching moves a vector under the dynamically quantized model, and what it buys: for
 * ingestion-sized chunks (and short query-like sentences), throughput and cosine to the
 * one-text-at-a-time vector of the same text, per batch size and batch composition (mixed lengths
 * padded, length-sorted, equal lengths only), thread layout, and for the fp32 model when its ONNX
 * file is given. A main class, not a test: the figures go to docs/benchmarks.md.
 *
 * <p>Arguments: {@code cacheDir [fp32.onnx|-] [texts] [agree]} ({@code agree}: only fp32 against int8). Texts are real English prose: the
 * repository's (sample library, README, docs/*.md; run from the project directory) and Debian's
 * licence texts, cut into chunks of about 800 characters as the library does.
 */
final class BatchStudy {

    private static final int[] BATCH_SIZES = {4, 8, 16, 32, 64};

    private BatchStudy() {}

    public static void main(String[] args) throws Exception {
        Path cacheDir = Path.of(args[0]);
        Path fp32 = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        Path int8 = OnnxEmbedder.MODEL.extractTo(cacheDir);
        List<String> chunks = chunks(count);
        List<String> sentences = EmbedderBenchmark.sentences(count, new Random(7));
        if (fp32 != null && args.length > 3 && args[3].equals("agree")) {
            agreeOnly(int8, fp32, chunks, sentences);
            return;
        }
        System.out.println("Times are CPU time of the one calling thread (ONNX runs one intra-op thread on it), so"
                + " other jobs on the machine slow the wall clock but not these figures (cache sharing aside).");
        try (BertEncoder encoder = open(int8, 1)) {
            warmUp(encoder, chunks);
            List<float[]> int8Chunks = study("int8 (production model), chunks", encoder, chunks);
            List<float[]> int8Sentences = study("int8, short sentences", encoder, sentences);
            if (fp32 != null) {
                try (BertEncoder full = open(fp32, 1)) {
                    warmUp(full, chunks);
                    List<float[]> fullChunks = study("fp32, chunks", full, chunks);
                    List<float[]> fullSentences = study("fp32, short sentences", full, sentences);
                    agreement("fp32 batch 1 against int8 batch 1, chunks", int8Chunks, fullChunks);
                    agreement("fp32 batch 1 against int8 batch 1, sentences", int8Sentences, fullSentences);
                }
            }
        }
    }

    /** Only how far fp32 vectors are from int8 ones, text by text: would the two models' vectors mix? */
    private static void agreeOnly(Path int8, Path fp32, List<String> chunks, List<String> sentences)
            throws IOException {
        try (BertEncoder quantized = open(int8, 1);
                BertEncoder full = open(fp32, 1)) {
            agreement("fp32 batch 1 against int8 batch 1, chunks", oneByOne(quantized, chunks), oneByOne(full, chunks));
            agreement(
                    "fp32 batch 1 against int8 batch 1, sentences",
                    oneByOne(quantized, sentences),
                    oneByOne(full, sentences));
        }
    }

    private static BertEncoder open(Path model, int intraOpThreads) throws IOException {
        try (InputStream tokenizer = BatchStudy.class.getClassLoader().getResourceAsStream(OnnxEmbedder.TOKENIZER)) {
            return BertEncoder.open(
                    model,
                    tokenizer,
                    OnnxEmbedder.MAX_TOKENS,
                    OnnxEmbedder.DIMENSIONS,
                    false,
                    EmbeddingModel.Pooling.MEAN,
                    intraOpThreads);
        }
    }

    private static void warmUp(BertEncoder encoder, List<String> texts) {
        texts.stream().limit(50).forEach(encoder::encode);
        batched(encoder, texts.subList(0, Math.min(128, texts.size())), 32, true, 1);
    }

    /** Every layout's CPU time per text and cosine to the batch-1 vectors, which it returns. */
    private static List<float[]> study(String title, BertEncoder encoder, List<String> texts) {
        int[] lengths = texts.stream()
                .mapToInt(t -> encoder.tokenize(t).length())
                .sorted()
                .toArray();
        System.out.printf(
                "%n## %s: %d texts, word pieces p10 %d, p50 %d, p90 %d, max %d%n",
                title,
                texts.size(),
                lengths[lengths.length / 10],
                lengths[lengths.length / 2],
                lengths[lengths.length * 9 / 10],
                lengths[lengths.length - 1]);
        System.out.println("| layout | CPU ms a text | texts/s a core | speed-up | min cosine to batch 1 | mean |"
                + " below 0.999 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        long cpu = cpuNanos();
        List<float[]> reference = oneByOne(encoder, texts);
        double base = report("batch 1", texts.size(), cpuNanos() - cpu, reference, reference, 0);
        for (int size : BATCH_SIZES) {
            cpu = cpuNanos();
            List<float[]> mixed = batched(encoder, texts, size, false, 1);
            report(
                    "batch " + size + ", mixed lengths (padded)",
                    texts.size(),
                    cpuNanos() - cpu,
                    reference,
                    mixed,
                    base);
            cpu = cpuNanos();
            List<float[]> sorted = batched(encoder, texts, size, true, 1);
            report("batch " + size + ", sorted by length", texts.size(), cpuNanos() - cpu, reference, sorted, base);
        }
        cpu = cpuNanos();
        List<float[]> equal = equalLengths(encoder, texts, 16);
        report(
                "batch up to 16, equal lengths only (no padding)",
                texts.size(),
                cpuNanos() - cpu,
                reference,
                equal,
                base);
        return reference;
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void agreement(String title, List<float[]> a, List<float[]> b) {
        double[] cosines = cosines(a, b);
        System.out.printf(
                "%n%s: min cosine %.5f, mean %.5f, below 0.999: %d of %d%n",
                title,
                cosines[0],
                Arrays.stream(cosines).average().orElse(0),
                Arrays.stream(cosines).filter(c -> c < 0.999).count(),
                cosines.length);
    }

    private static double report(
            String layout, int n, long cpuNanos, List<float[]> reference, List<float[]> vectors, double base) {
        double perText = cpuNanos / 1e6 / n;
        double rate = 1000 / perText;
        double[] cosines = cosines(reference, vectors);
        System.out.printf(
                "| %s | %.2f | %.0f | %s | %.6f | %.6f | %d |%n",
                layout,
                perText,
                rate,
                base > 0 ? String.format("%.2fx", rate / base) : "",
                cosines[0],
                Arrays.stream(cosines).average().orElse(0),
                Arrays.stream(cosines).filter(c -> c < 0.999).count());
        return rate;
    }

    private static double[] cosines(List<float[]> a, List<float[]> b) {
        double[] cosines = new double[a.size()];
        for (int i = 0; i < cosines.length; i++) {
            cosines[i] = Vectors.dot(a.get(i), b.get(i));
        }
        Arrays.sort(cosines);
        return cosines;
    }

    private static List<float[]> oneByOne(BertEncoder encoder, List<String> texts) {
        return texts.stream().map(encoder::encode).toList();
    }

    /** Vectors in the order of {@code texts}, computed in batches of {@code size} over {@code callers} threads. */
    static List<float[]> batched(BertEncoder encoder, List<String> texts, int size, boolean sort, int callers) {
        List<BertEncoder.Tokens> tokens = texts.stream().map(encoder::tokenize).toList();
        Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
        if (sort) {
            Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length()));
        }
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += size) {
            batches.add(Arrays.asList(order).subList(from, Math.min(order.length, from + size)));
        }
        float[][] vectors = new float[texts.size()][];
        if (callers == 1) { // on the caller's thread, so its CPU time counts the work
            for (List<Integer> batch : batches) {
                float[][] out = encoder.encode(batch.stream().map(tokens::get).toList());
                for (int j = 0; j < batch.size(); j++) {
                    vectors[batch.get(j)] = out[j];
                }
            }
            return Arrays.asList(vectors);
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int first = c;
                running.add(pool.submit(() -> {
                    for (int b = first; b < batches.size(); b += callers) {
                        List<Integer> batch = batches.get(b);
                        float[][] out =
                                encoder.encode(batch.stream().map(tokens::get).toList());
                        for (int j = 0; j < batch.size(); j++) {
                            vectors[batch.get(j)] = out[j];
                        }
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        return Arrays.asList(vectors);
    }

    /** Batches of texts with exactly the same number of word pieces: no padding at all. */
    private static List<float[]> equalLengths(BertEncoder encoder, List<String> texts, int size) {
        List<BertEncoder.Tokens> tokens = texts.stream().map(encoder::tokenize).toList();
        float[][] vectors = new float[texts.size()][];
        IntStream.range(0, texts.size())
                .boxed()
                .collect(java.util.stream.Collectors.groupingBy(
                        i -> tokens.get(i).length()))
                .values()
                .forEach(group -> {
                    for (int from = 0; from < group.size(); from += size) {
                        List<Integer> batch = group.subList(from, Math.min(group.size(), from + size));
                        float[][] out =
                                encoder.encode(batch.stream().map(tokens::get).toList());
                        for (int j = 0; j < batch.size(); j++) {
                            vectors[batch.get(j)] = out[j];
                        }
                    }
                });
        return Arrays.asList(vectors);
    }

    /** About 800-character chunks of the repository's prose, distinct, in a seeded random order. */
    static List<String> chunks(int count) throws IOException {
        List<String> paragraphs = new ArrayList<>();
        for (Path file : sources()) {
            for (String paragraph :
                    Files.readString(file, StandardCharsets.UTF_8).split("\\n\\s*\\n")) {
                String flat = paragraph.replaceAll("\\s+", " ").strip();
                if (flat.length() > 40) {
                    paragraphs.add(flat);
                }
            }
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String paragraph : paragraphs) {
            for (String sentence : paragraph.split("(?<=[.!?]) ")) {
                if (current.length() + sentence.length() > 800 && current.length() > 0) {
                    chunks.add(current.toString());
                    current.setLength(0);
                }
                current.append(current.isEmpty() ? "" : " ").append(sentence);
            }
        }
        List<String> distinct = new ArrayList<>(chunks.stream().distinct().toList());
        Collections.shuffle(distinct, new Random(42));
        return List.copyOf(distinct.subList(0, Math.min(count, distinct.size())));
    }

    private static List<Path> sources() {
        try (Stream<Path> docs = Files.list(Path.of("docs"));
                Stream<Path> samples = Files.list(Path.of("src/main/resources/samples"))) {
            List<Path> files = new ArrayList<>(Stream.concat(docs, samples)
                    .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".html"))
                    .sorted()
                    .toList());
            files.add(Path.of("README.md"));
            // more real prose, present on every Debian machine: the licence texts
            Path licences = Path.of("/usr/share/common-licenses");
            if (Files.isDirectory(licences)) {
                try (Stream<Path> more = Files.list(licences)) {
                    more.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
