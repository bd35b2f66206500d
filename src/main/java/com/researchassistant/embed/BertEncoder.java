package com.researchassistant.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One BERT-style sentence encoder: word-piece tokenizer, ONNX session, mean pooling and L2
 * normalisation. Thread-safe: ONNX Runtime allows concurrent {@code run} calls on one session, so
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

    private BertEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer, int dimensions,
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
        return open(model, tokenizerJson, maxTokens, dimensions, arena, EmbeddingModel.Pooling.MEAN);
    }

    /** As above, pooling the token vectors as {@code pooling} says. */
    static BertEncoder open(Path model, InputStream tokenizerJson, int maxTokens, int dimensions, boolean arena,
            EmbeddingModel.Pooling pooling) {
        preventTelemetry();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        HuggingFaceTokenizer tokenizer = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Parallelism comes from callers on different cores; ONNX's own pools would oversubscribe.
            options.setIntraOpNumThreads(1);
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

    /** The normalised mean-pooled embedding of {@code text}, cut to the token limit. */
    float[] encode(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] shape = {1, encoding.getIds().length};
        try (OnnxTensor ids = tensor(encoding.getIds(), shape);
                OnnxTensor mask = tensor(encoding.getAttentionMask(), shape);
                OnnxTensor types = tensor(encoding.getTypeIds(), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", ids);
            inputs.put("attention_mask", mask);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", types);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return normalise(pooling == EmbeddingModel.Pooling.CLS ? first(result.get(0)) : meanPool(result.get(0)));
            }
        } catch (OrtException e) {
            throw new EmbeddingException("embedding failed for a text of " + text.length() + " chars", e);
        }
    }

    private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    /** Averages the token vectors of {@code last_hidden_state} [1, tokens, dimensions]. */
    private float[] meanPool(OnnxValue hiddenState) {
        FloatBuffer hidden = ((OnnxTensor) hiddenState).getFloatBuffer();
        int tokens = hidden.remaining() / dimensions;
        float[] sum = new float[dimensions];
        for (int t = 0; t < tokens; t++) {
            for (int d = 0; d < dimensions; d++) {
                sum[d] += hidden.get(t * dimensions + d);
            }
        }
        for (int d = 0; d < dimensions; d++) {
            sum[d] /= tokens;
        }
        return sum;
    }

    /** The first token's vector of {@code last_hidden_state} [1, tokens, dimensions]: [CLS]. */
    private float[] first(OnnxValue hiddenState) {
        float[] cls = new float[dimensions];
        ((OnnxTensor) hiddenState).getFloatBuffer().get(cls);
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
