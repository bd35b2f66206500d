package com.researchassistant.library;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmClient;
import com.researchassistant.llm.LlmRequest;
import com.researchassistant.retrieve.ScoredPassage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reranks the top {@code candidates} passages with a chat model in one call: the model sees the
 * query and the numbered passages (each cut to {@value #PASSAGE_CHARS} characters) and answers
 * with their numbers, most relevant first. Passages it leaves out keep their order after the ones
 * it named; passages beyond the candidates are not shown to it and keep their place.
 *
 * <p>The call has a hard budget: past it the call is abandoned and the order given stands, as it
 * does when the model fails or answers something else than numbers. The scores of the reranked
 * passages are the same scores, handed out again in the new order, so they still decrease.
 */
public final class LlmReranker implements Reranker {

    private static final Logger log = LoggerFactory.getLogger(LlmReranker.class);

    static final int PASSAGE_CHARS = 400;
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String INSTRUCTIONS = "You rank search results. Given a query and numbered passages,"
            + " answer with the numbers of the passages from most to least relevant to the query, separated by"
            + " commas, and nothing else.";

    private final LlmClient client;
    private final String model;
    private final int candidates;
    private final Duration budget;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public LlmReranker(LlmClient client, String model, int candidates, Duration budget) {
        this.client = Objects.requireNonNull(client, "client");
        this.model = Objects.requireNonNull(model, "model");
        this.budget = Objects.requireNonNull(budget, "budget");
        if (candidates < 2) {
            throw new IllegalArgumentException("candidates must be at least 2: " + candidates);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        this.candidates = candidates;
    }

    /** How many of the best passages are shown to the model. */
    @Override
    public int depth() {
        return candidates;
    }

    @Override
    public List<ScoredPassage> rerank(String query, List<ScoredPassage> ranked) {
        if (ranked.size() < 2) {
            return ranked;
        }
        List<ScoredPassage> top = ranked.subList(0, Math.min(candidates, ranked.size()));
        Future<String> answer =
                calls.submit(() -> client.complete(request(query, top)).text());
        try {
            List<ScoredPassage> reordered = reorder(top, answer.get(budget.toMillis(), TimeUnit.MILLISECONDS));
            List<ScoredPassage> result = new ArrayList<>(reordered);
            result.addAll(ranked.subList(top.size(), ranked.size()));
            return List.copyOf(result);
        } catch (TimeoutException e) {
            answer.cancel(true);
            log.info("Reranking took longer than {} ms; the search keeps its own order", budget.toMillis());
        } catch (ExecutionException e) {
            log.info(
                    "Reranking failed; the search keeps its own order: {}",
                    e.getCause().toString());
        } catch (IllegalArgumentException e) {
            log.info("Reranking answer unreadable; the search keeps its own order: {}", e.getMessage());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
        }
        return ranked;
    }

    private LlmRequest request(String query, List<ScoredPassage> top) {
        StringBuilder prompt =
                new StringBuilder("Query: ").append(query.strip()).append("\n\nPassages:\n");
        for (int i = 0; i < top.size(); i++) {
            String text = top.get(i).passage().text().replaceAll("\\s+", " ").strip();
            prompt.append('[')
                    .append(i + 1)
                    .append("] ")
                    .append(top.get(i).passage().documentTitle())
                    .append(": ")
                    .append(text, 0, Math.min(text.length(), PASSAGE_CHARS))
                    .append('\n');
        }
        prompt.append("\nAnswer with the passage numbers only, most relevant first.");
        return new LlmRequest(
                model,
                List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(prompt.toString())),
                4 * top.size() + 16,
                0.0,
                budget);
    }

    /** The passages in the model's order, then those it left out; the scores stay where they were. */
    static List<ScoredPassage> reorder(List<ScoredPassage> top, String answer) {
        Set<Integer> order = new LinkedHashSet<>();
        Matcher numbers = NUMBER.matcher(answer);
        while (numbers.find()) {
            String digits = numbers.group();
            int n = digits.length() > 4 ? 0 : Integer.parseInt(digits);
            if (n >= 1 && n <= top.size()) {
                order.add(n - 1);
            }
        }
        if (order.isEmpty()) {
            throw new IllegalArgumentException("no passage numbers in the reranking answer");
        }
        for (int i = 0; i < top.size(); i++) {
            order.add(i);
        }
        List<ScoredPassage> result = new ArrayList<>(top.size());
        int rank = 0;
        for (int i : order) {
            result.add(new ScoredPassage(top.get(i).passage(), top.get(rank++).score()));
        }
        return result;
    }
}
