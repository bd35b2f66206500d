package com.researchassistant.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How many word pieces the library's embedded texts take against the model's window (issue 14
 * §3): every stored passage of a library database as it is embedded (title, blank line, text),
 * filler documents of the latency runs left out. Arguments: {@code sqliteFile [model]}.
 */
public final class TokenLengths {

    public static void main(String[] args) throws Exception {
        EmbeddingModel model = args.length > 1 ? EmbeddingModel.of(args[1]) : EmbeddingModel.ALL_MINILM_L6_V2;
        List<Integer> lengths = new ArrayList<>();
        long chars = 0;
        try (InputStream json = TokenLengths.class.getClassLoader().getResourceAsStream(model.tokenizer());
                HuggingFaceTokenizer tokenizer =
                        HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement select = c.createStatement();
                ResultSet rows = select.executeQuery("SELECT d.title, p.text FROM passages p JOIN documents d"
                        + " ON d.id = p.document_id WHERE d.title NOT LIKE 'Filler %'")) {
            while (rows.next()) {
                String text = rows.getString(1).strip() + "\n\n" + rows.getString(2);
                chars += text.length();
                lengths.add(tokenizer.encode(text).getIds().length);
            }
        }
        Collections.sort(lengths);
        int n = lengths.size();
        long over = lengths.stream().filter(l -> l > model.maxTokens()).count();
        System.out.printf(
                "%s: %d embedded passages, word pieces (with [CLS] [SEP]) p50 %d p90 %d p99 %d max %d;"
                        + " %.2f characters a word piece; over the %d window: %d (%.1f%%)%n",
                model.id(),
                n,
                lengths.get(n / 2),
                lengths.get(n * 9 / 10),
                lengths.get(n * 99 / 100),
                lengths.get(n - 1),
                (double) chars / lengths.stream().mapToInt(Integer::intValue).sum(),
                model.maxTokens(),
                over,
                100.0 * over / n);
        System.exit(0);
    }
}
