package com.researchassistant.retrieve;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

/** How a passage and its vector are laid out as one Lucene document, and read back. */
final class PassageFields {

    static final String KEY = "key";
    static final String ID = "id";
    static final String OWNER = "owner";
    static final String DOCUMENT_ID = "documentId";
    static final String TITLE = "title";
    /** The document's title analysed for BM25, on every passage of the document; not stored. */
    static final String TITLE_TEXT = "titleText";

    static final String ORDINAL = "ordinal";
    static final String LOCATION = "location";
    static final String TEXT = "text";
    static final String VECTOR = "vector";

    private PassageFields() {}

    /**
     * The term that identifies a passage for replacement: owner and id together, so one owner's
     * passage can never replace another owner's even if ids collided.
     */
    static Term key(Passage passage) {
        return new Term(KEY, passage.owner() + '\u0000' + passage.id());
    }

    static Document toDocument(Passage passage, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key(passage).text(), Field.Store.NO));
        doc.add(new StoredField(ID, passage.id()));
        doc.add(new StringField(OWNER, passage.owner(), Field.Store.YES));
        doc.add(new StringField(DOCUMENT_ID, passage.documentId(), Field.Store.YES));
        doc.add(new StoredField(TITLE, passage.documentTitle()));
        doc.add(new TextField(TITLE_TEXT, passage.documentTitle(), Field.Store.NO));
        doc.add(new StoredField(ORDINAL, passage.ordinal()));
        doc.add(new StoredField(LOCATION, passage.location()));
        doc.add(new TextField(TEXT, passage.text(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    static Passage toPassage(Document doc) {
        return new Passage(
                doc.get(ID),
                doc.get(OWNER),
                doc.get(DOCUMENT_ID),
                doc.get(TITLE),
                doc.getField(ORDINAL).numericValue().intValue(),
                doc.get(LOCATION),
                doc.get(TEXT));
    }
}
