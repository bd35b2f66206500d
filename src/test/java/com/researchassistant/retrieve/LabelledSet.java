package com.researchassistant.retrieve;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small labelled retrieval set: 40 passages on four topics and queries with the ids of their
 * relevant passages. Half the queries paraphrase (few shared words: the vector side must find
 * them), the rest name rare terms (names, years, acronyms: the BM25 side must find them).
 */
final class LabelledSet {

    record Query(String text, Set<String> relevant) {}

    private LabelledSet() {}

    static final List<String> PASSAGES = List.of(
            "Photosynthesis converts light energy into chemical energy stored in glucose.",
            "The enzyme RuBisCO fixes carbon dioxide during the Calvin cycle.",
            "Chlorophyll absorbs red and blue light and reflects green, which is why leaves look green.",
            "Stomata are pores on leaves that open to let carbon dioxide in and water vapour out.",
            "C4 plants such as maize concentrate carbon dioxide around RuBisCO to limit photorespiration.",
            "Roots take up water and minerals from the soil through root hairs.",
            "Xylem carries water upward from roots while phloem moves sugars around the plant.",
            "Nitrogen-fixing bacteria in legume root nodules turn atmospheric nitrogen into ammonia.",
            "Deciduous trees shed their leaves in autumn to save water during winter.",
            "Auxin is a hormone that makes shoots bend toward light, a response called phototropism.",
            "Ocean acidification happens as seawater absorbs carbon dioxide and its pH falls.",
            "Coral bleaching occurs when heat stress makes corals expel their symbiotic algae.",
            "The Atlantic meridional overturning circulation carries warm water north toward Europe.",
            "Sea level rises because meltwater from glaciers adds water and warming water expands.",
            "Phytoplankton produce roughly half of the oxygen in the atmosphere.",
            "El Nino warms the eastern Pacific and shifts rainfall patterns around the world.",
            "Methane traps far more heat than carbon dioxide over twenty years.",
            "Arctic sea ice reached a record low extent in September 2012.",
            "Upwelling brings cold nutrient-rich water to the surface and feeds fisheries off Peru.",
            "The Keeling curve records carbon dioxide concentration measured at Mauna Loa since 1958.",
            "Gradient descent updates model weights in the direction that reduces the loss.",
            "Overfitting means a model memorises training data and performs poorly on new examples.",
            "Dropout randomly disables neurons during training as a form of regularisation.",
            "Transformers use self-attention to relate every token of a sequence to every other token.",
            "Convolutional networks share filter weights across an image to detect local patterns.",
            "The learning rate controls how large each optimisation step is.",
            "Cross-validation estimates generalisation by training on folds and testing on the held-out fold.",
            "Word embeddings place words with similar meanings close together in a vector space.",
            "Batch normalisation rescales layer activations to stabilise and speed up training.",
            "HNSW builds a layered proximity graph for approximate nearest neighbour search.",
            "The Treaty of Verdun in 843 divided the Carolingian empire among three grandsons of Charlemagne.",
            "Charlemagne was crowned emperor by Pope Leo III on Christmas Day in 800.",
            "The Black Death killed perhaps a third of Europe's population between 1347 and 1351.",
            "Magna Carta, sealed by King John in 1215, limited the power of the English crown.",
            "Feudal lords granted land to vassals in exchange for military service.",
            "The printing press of Johannes Gutenberg spread books across Europe after 1450.",
            "Crusaders captured Jerusalem in 1099 during the First Crusade.",
            "Monasteries copied manuscripts and preserved classical learning through the early Middle Ages.",
            "The Hundred Years' War between England and France ended in 1453.",
            "Viking raiders attacked the monastery at Lindisfarne in 793.");

    static final List<Query> QUERIES = List.of(
            new Query("how do plants turn sunlight into sugar", Set.of("p0")),
            new Query("RuBisCO", Set.of("p1", "p4")),
            new Query("why is foliage green", Set.of("p2")),
            new Query("tiny openings in foliage for gas exchange", Set.of("p3")),
            new Query("how is water transported inside a plant", Set.of("p5", "p6")),
            new Query("sea becoming more acidic from CO2", Set.of("p10")),
            new Query("reefs turning white in hot water", Set.of("p11")),
            new Query("Mauna Loa measurements", Set.of("p19")),
            new Query("where does the oxygen we breathe come from", Set.of("p14")),
            new Query("September 2012 minimum", Set.of("p17")),
            new Query("neural net memorising its training set", Set.of("p21")),
            new Query("switching off units at random to avoid overfitting", Set.of("p22")),
            new Query("HNSW", Set.of("p29")),
            new Query("Treaty of Verdun 843", Set.of("p30")),
            new Query("plague pandemic in the fourteenth century", Set.of("p32")),
            new Query("who crowned Charlemagne", Set.of("p31")),
            new Query("Lindisfarne 793", Set.of("p39")),
            new Query("size of each optimiser step", Set.of("p25")));

    /** What the test embedding treats as the same meaning, as a sentence embedder would. */
    static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("plants", "plant"),
            Map.entry("leaves", "plant"),
            Map.entry("foliage", "plant"),
            Map.entry("trees", "plant"),
            Map.entry("sunlight", "light"),
            Map.entry("sun", "light"),
            Map.entry("sugars", "sugar"),
            Map.entry("glucose", "sugar"),
            Map.entry("turn", "convert"),
            Map.entry("converts", "convert"),
            Map.entry("pores", "opening"),
            Map.entry("openings", "opening"),
            Map.entry("stomata", "opening"),
            Map.entry("gas", "carbon"),
            Map.entry("co2", "carbon"),
            Map.entry("dioxide", "carbon"),
            Map.entry("seawater", "water"),
            Map.entry("meltwater", "water"),
            Map.entry("carries", "transport"),
            Map.entry("transported", "transport"),
            Map.entry("moves", "transport"),
            Map.entry("ocean", "sea"),
            Map.entry("acidic", "acid"),
            Map.entry("acidification", "acid"),
            Map.entry("ph", "acid"),
            Map.entry("reefs", "coral"),
            Map.entry("corals", "coral"),
            Map.entry("white", "bleaching"),
            Map.entry("hot", "heat"),
            Map.entry("warm", "heat"),
            Map.entry("warming", "heat"),
            Map.entry("breathe", "oxygen"),
            Map.entry("atmosphere", "oxygen"),
            Map.entry("minimum", "low"),
            Map.entry("record", "low"),
            Map.entry("memorising", "memorise"),
            Map.entry("memorises", "memorise"),
            Map.entry("overfitting", "memorise"),
            Map.entry("neural", "neuron"),
            Map.entry("neurons", "neuron"),
            Map.entry("net", "neuron"),
            Map.entry("units", "neuron"),
            Map.entry("switching", "disable"),
            Map.entry("off", "disable"),
            Map.entry("disables", "disable"),
            Map.entry("random", "randomly"),
            Map.entry("plague", "death"),
            Map.entry("pandemic", "death"),
            Map.entry("black", "death"),
            Map.entry("fourteenth", "c14"),
            Map.entry("crowned", "crown"),
            Map.entry("optimiser", "optimisation"),
            Map.entry("step", "rate"),
            Map.entry("size", "large"));

    static String id(int index) {
        return "p" + index;
    }
}
