#!/usr/bin/python3
"""FAISS IndexFlatIP (exact) and IndexHNSWFlat (M=16, efSearch sweep) on the vectors written by
com.researchassistant.bench.VectorExport: build time, single-query latency p50/p99 (one query per
call, one thread, like LuceneIndex.search) and recall@10 against the exact flat result.
Usage: /usr/bin/python3 bench/faiss_bench.py vectors.bin"""
import sys
import time

import faiss
import numpy as np

K = 10


def load(path):
    header = np.fromfile(path, dtype="<i4", count=3)
    n, q, d = (int(x) for x in header)
    rows = np.fromfile(path, dtype="<f4", offset=12).reshape(n + q, d)
    return np.ascontiguousarray(rows[:n]), np.ascontiguousarray(rows[n:])


def timed(index, queries):
    index.search(queries, K)  # warm-up pass, as IndexBenchmark does
    nanos, found = [], []
    for row in queries:
        start = time.perf_counter_ns()
        _, ids = index.search(row.reshape(1, -1), K)
        nanos.append(time.perf_counter_ns() - start)
        found.append(ids[0])
    nanos.sort()
    def at(qt):
        return nanos[min(len(nanos) - 1, int(np.ceil(qt * len(nanos))) - 1)] / 1e6
    return at(0.50), at(0.99), found


def recall(found, truth):
    return float(np.mean([len(set(f) & set(t)) / K for f, t in zip(found, truth)]))


def main():
    faiss.omp_set_num_threads(1)
    base, queries = load(sys.argv[1])
    print(f"faiss {faiss.__version__}, vectors={len(base)} queries={len(queries)} dims={base.shape[1]}, 1 thread")
    flat = faiss.IndexFlatIP(base.shape[1])
    flat.add(base)
    p50, p99, truth = timed(flat, queries)
    print(f"IndexFlatIP (exact): p50 {p50:.3f} ms, p99 {p99:.3f} ms, recall@10 1 by definition")
    start = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(base.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 100
    hnsw.add(base)
    print(f"IndexHNSWFlat M=16 efConstruction=100: build {time.perf_counter() - start:.1f} s")
    for ef in (10, 50, 100, 200):
        hnsw.hnsw.efSearch = ef
        p50, p99, found = timed(hnsw, queries)
        print(f"  efSearch={ef:3d}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, recall@10 {recall(found, truth):.3f}")


if __name__ == "__main__":
    main()
