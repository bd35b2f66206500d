#!/usr/bin/python3
"""hnswlib (M=16, efConstruction=100) on the vectors written by com.researchassistant.bench.VectorExport:
build time with 1 and 2 threads, then single-query latency p50/p99 and recall@10 against the exact
inner-product top 10 (numpy), per ef. The yardstick of issue 15 for LuceneIndex's build.
Usage: /usr/bin/python3 bench/hnsw_bench.py vectors.bin [threads...]"""
import sys
import time

import hnswlib
import numpy as np

K = 10


def load(path):
    header = np.fromfile(path, dtype="<i4", count=3)
    n, q, d = (int(x) for x in header)
    rows = np.fromfile(path, dtype="<f4", offset=12).reshape(n + q, d)
    return np.ascontiguousarray(rows[:n]), np.ascontiguousarray(rows[n:])


def build(base, threads):
    index = hnswlib.Index(space="ip", dim=base.shape[1])
    index.init_index(max_elements=len(base), M=16, ef_construction=100, random_seed=42)
    index.set_num_threads(threads)
    start, cpu = time.perf_counter(), time.process_time()
    index.add_items(base, np.arange(len(base)))
    return index, time.perf_counter() - start, time.process_time() - cpu


def main():
    base, queries = load(sys.argv[1])
    thread_counts = [int(t) for t in sys.argv[2:]] or [1, 2]
    print(f"hnswlib (Debian python3-hnswlib), vectors={len(base)} queries={len(queries)} dims={base.shape[1]}")
    truth = [set(np.argsort(-(base @ q))[:K]) for q in queries]
    index = None
    for threads in thread_counts:
        index, seconds, cpu = build(base, threads)
        print(f"hnswlib M=16 efConstruction=100, {threads} thread(s): build {seconds:.1f} s (process CPU {cpu:.1f} s)",
              flush=True)
    index.set_num_threads(1)
    for ef in (10, 50, 100, 200):
        index.set_ef(ef)
        index.knn_query(queries, k=K)  # warm-up pass
        nanos, found = [], []
        for q in queries:
            start = time.perf_counter_ns()
            labels, _ = index.knn_query(q.reshape(1, -1), k=K)
            nanos.append(time.perf_counter_ns() - start)
            found.append(set(labels[0]))
        nanos.sort()
        recall = np.mean([len(f & t) / K for f, t in zip(found, truth)])
        p50 = nanos[len(nanos) // 2] / 1e6
        p99 = nanos[min(len(nanos) - 1, int(np.ceil(0.99 * len(nanos))) - 1)] / 1e6
        print(f"  ef={ef:3d}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, recall@10 {recall:.3f}", flush=True)


if __name__ == "__main__":
    main()
