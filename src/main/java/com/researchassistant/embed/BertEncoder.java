package com.researchassistant.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One BERT-style sentence encoder: word-piece tokenizer, ONNX session, pooling (mean or [CLS], as
 * the model was trained) and L2 normalisation. Thread-safe: ONNX Runtime allows concurrent {@code run} calls on one session, so
 * every worker shares the weights, and each call uses one intra-op thread (the caller's).
 */
final class BertEncoder implements AutoCloseable {

    private static final String DJL_OFFLINE = "ai.djl.offline";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypes;
    private final int dimensions;
    private final EmbeddingModel.Pooling pooling;

    private BertEncoder(
            OrtEnvironment environment,
            OrtSession session,
            HuggingFaceTokenizer tokenizer,
            int dimensions,
            EmbeddingModel.Pooling pooling) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        this.dimensions = dimensions;
        this.pooling = pooling;
    }

    /**
     * Opens the model from a file, so ONNX Runtime reads the weights into native memory and the
     * Java heap never holds them.
     *
     * @param maxTokens word pieces kept per text, counting [CLS] and [SEP]; the rest is cut off
     * @param arena whether ONNX Runtime keeps its own memory arena and per-shape memory patterns
     */
    static BertEncoder open(Path model, InputStream tokenizerJson, int maxTokens, int dimensions, boolean arena) {
        return open(model, tokenizerJson, maxTokens, dimensions, arena, EmbeddingModel.Pooling.MEAN, 1);
    }

    /**
     * As above, pooling the token vectors as {@code pooling} says, with {@code intraOpThreads}
     * threads inside each ONNX call (measured; 1 in production).
     */
    static BertEncoder open(
            Path model,
            InputStream tokenizerJson,
            int maxTokens,
            int dimensions,
            boolean arena,
            EmbeddingModel.Pooling pooling,
            int intraOpThreads) {
        preventTelemetry();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        HuggingFaceTokenizer tokenizer = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Parallelism comes from callers on different cores; ONNX's own pools would oversubscribe.
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // ONNX Runtime's arena keeps the peak of every thread's allocations for good and its
            // memory patterns are cached per input length; both grow native memory for a few
            // per cent of speed. Plain malloc (two glibc arenas, see the launcher) returns it.
            options.setCPUArenaAllocator(arena);
            options.setMemoryPatternOptimization(arena);
            tokenizer = HuggingFaceTokenizer.newInstance(
                    tokenizerJson,
                    Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
            OrtSession session = environment.createSession(model.toString(), options);
            return new BertEncoder(environment, session, tokenizer, dimensions, pooling);
        } catch (OrtException | IOException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new EmbeddingException("cannot open embedding model " + model, e);
        }
    }

    /**
     * DJL's tokenizer "calls home" when created (EC2 metadata, then an S3 telemetry URL) unless its
     * offline mode is on; offline mode also forbids it any download. The service must make no
     * network call it was not asked for, so this turns offline mode on unless the launcher chose.
     */
    private static void preventTelemetry() {
        if (System.getProperty(DJL_OFFLINE) == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty(DJL_OFFLINE, "true");
        }
    }

    /** The normalised pooled embedding of {@code text}, cut to the token limit. */
    float[] encode(String text) {
        return encode(List.of(tokenize(text)))[0];
    }

    /**
     * As {@link #encode(String)}, in a call {@code stop} can end: ONNX Runtime's terminate flag,
     * which the session looks at before each of the model's operations (each well under a
     * millisecond on one core), so the call ends within about one operation.
     */
    float[] encode(String text, StopSwitch stop) {
        List<Tokens> one = List.of(tokenize(text));
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            // A stopped call is expected: not worth ONNX Runtime's warning on standard error.
            options.setLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            // the switch lets go of the options before they are closed
            return stop.run(() -> terminate(options), () -> encode(one, options))[0];
        } catch (OrtException e) {
            throw new EmbeddingException("cannot create ONNX run options", e);
        }
    }

    private static void terminate(OrtSession.RunOptions options) {
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            throw new EmbeddingException("cannot stop the ONNX call", e);
        }
    }

    /** The word pieces of {@code text} as the model reads them, cut to the token limit. */
    Tokens tokenize(String text) {
        Encoding encoding = tokenizer.encode(text);
        return new Tokens(encoding.getIds(), encoding.getTypeIds());
    }

    /**
     * Embeds several tokenized texts in one ONNX call, padded to the longest; each vector is pooled
     * over its own tokens only. One text gives exactly {@link #encode(String)}'s vector. With more,
     * the model's dynamic quantization scales activations over the whole batch, so a vector moves
     * slightly with its neighbours and with padding (measured in docs/benchmarks.md).
     */
    float[][] encode(List<Tokens> batch) {
        return encode(batch, null);
    }

    /** As {@link #encode(List)}, with these run options when not null. */
    private float[][] encode(List<Tokens> batch, OrtSession.RunOptions options) {
        int rows = batch.size();
        int columns = batch.stream().mapToInt(Tokens::length).max().orElseThrow();
        long[] shape = {rows, columns};
        long[] idValues = new long[rows * columns];
        long[] maskValues = new long[rows * columns];
        long[] typeValues = new long[rows * columns];
        for (int row = 0; row < rows; row++) {
            Tokens tokens = batch.get(row);
            System.arraycopy(tokens.ids(), 0, idValues, row * columns, tokens.length());
            System.arraycopy(tokens.types(), 0, typeValues, row * columns, tokens.length());
            Arrays.fill(maskValues, row * columns, row * columns + tokens.length(), 1L);
        }
        try (OnnxTensor ids = tensor(idValues, shape);
                OnnxTensor mask = tensor(maskValues, shape);
                OnnxTensor types = tensor(typeValues, shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", ids);
            inputs.put("attention_mask", mask);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", types);
            }
            try (OrtSession.Result result = options == null ? session.run(inputs) : session.run(inputs, options)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[][] vectors = new float[rows][];
                for (int row = 0; row < rows; row++) {
                    vectors[row] =
                            normalise(pool(hidden, row * columns, batch.get(row).length()));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new EmbeddingException(
                    "embedding failed for a batch of " + rows + " texts of up to " + columns + " word pieces", e);
        }
    }

    /** A text's word-piece ids and token types, without padding. */
    record Tokens(long[] ids, long[] types) {

        int length() {
            return ids.length;
        }
    }

    private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    /**
     * One text's vector from {@code last_hidden_state} [rows, columns, dimensions] flattened: its
     * tokens run from token {@code first}, {@code tokens} of them, the first being [CLS].
     */
    private float[] pool(FloatBuffer hidden, int first, int tokens) {
        return pooling == EmbeddingModel.Pooling.CLS ? cls(hidden, first) : meanPool(hidden, first, tokens);
    }

    /** Averages {@code tokens} token vectors of {@code last_hidden_state}, from token {@code first}. */
    private float[] meanPool(FloatBuffer hidden, int first, int tokens) {
        float[] sum = new float[dimensions];
        for (int t = first; t < first + tokens; t++) {
            for (int d = 0; d < dimensions; d++) {
                sum[d] += hidden.get(t * dimensions + d);
            }
        }
        for (int d = 0; d < dimensions; d++) {
            sum[d] /= tokens;
        }
        return sum;
    }

    /** The vector of token {@code first}, a text's [CLS]. */
    private float[] cls(FloatBuffer hidden, int first) {
        float[] cls = new float[dimensions];
        hidden.get(first * dimensions, cls);
        return cls;
    }

    private static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(squares));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot close the ONNX session", e);
        } finally {
            tokenizer.close();
        }
    }
}
