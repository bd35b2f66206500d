package com.researchassistant.retrieve;

class FlatIndexTest extends VectorIndexContract {

    @Override
    protected VectorIndex openIndex() {
        return new FlatIndex(HashingEmbedding.DIMENSIONS);
    }
}
