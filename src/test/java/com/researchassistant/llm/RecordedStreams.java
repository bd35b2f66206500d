package com.researchassistant.llm;

import java.util.stream.Stream;

/** The chat streams of the upstream fixtures and what each must amount to, worked out by hand from the files. */
final class RecordedStreams {

    private RecordedStreams() {}

    /** One recorded stream and its expected outcome. */
    record Case(String name, Recordings.Recorded recorded, String text, String finishReason, Usage usage) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> all() {
        return Stream.of(
                exchange(
                        "02_chat_stream_router_tgi.json",
                        "Retrieval-augmented generation grounds a model's answer in passages found by a search (BM25)",
                        "length",
                        Usage.UNKNOWN),
                exchange(
                        "03_chat_stream_router_together_usage_done.json",
                        "Retrieval-augmented generation is a way to let a language model cite the passages it retrieves and",
                        "length",
                        new Usage(31, 20)),
                exchange(
                        "04_chat_stream_router_cerebras_no_done.json",
                        "Retrieval-augmented generation, often shortened to RAG, pairs a search over your own documents with",
                        "length",
                        new Usage(52, 20)),
                exchange(
                        "05_chat_stream_router_sambanova_empty_chunks.json",
                        "Retrieval-augmented generation is a pattern in which a model first searches a document index and then answers with citations to",
                        "length",
                        Usage.UNKNOWN),
                exchange(
                        "08_chat_stream_tgi301.json",
                        " The index holds 12 passages from 3 documents.",
                        "stop",
                        Usage.UNKNOWN),
                exchange(
                        "10_chat_stream_tgi201_no_space_no_done.json",
                        " The index holds 12 passages from 3 documents.</s>",
                        "eos_token",
                        Usage.UNKNOWN),
                exchange("32_tgi_tool_call_stream.json", "", "unknown", Usage.UNKNOWN),
                exchange("33_tgi_stream_include_usage.json", "Yes.", "stop", new Usage(44, 2)));
    }

    private static Case exchange(String file, String text, String finishReason, Usage usage) {
        return new Case(file, Recordings.exchange(file), text, finishReason, usage);
    }
}
