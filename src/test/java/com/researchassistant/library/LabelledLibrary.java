package com.researchassistant.library;

import java.util.List;
import java.util.Map;

/**
 * A tiny labelled library written for this project: short documents with titles, as papers and
 * notes are uploaded, and queries with graded judgements (2 = the answer, 1 = related). Several
 * documents name their subject only in the title and speak of it indirectly in the text, as
 * abstracts do; queries are short, as people type them. Used by {@link LibraryQualityTest}.
 */
final class LabelledLibrary {

    record Doc(String title, String text) {}

    record Query(String text, Map<String, Integer> grades) {}

    private LabelledLibrary() {}

    static final List<Doc> DOCUMENTS = List.of(
            new Doc(
                    "Statins and breast cancer survival",
                    "In a national cohort of women diagnosed between 1995 and 2003, use of the cholesterol-lowering"
                            + " drugs before and after diagnosis was linked to lower mortality from the disease."
                            + " The effect may partly reflect healthier patients taking their medication."),
            new Doc(
                    "Cholesterol-lowering drugs and muscle pain",
                    "About one in ten patients reports aches on these medicines. Symptoms usually fade within weeks"
                            + " of stopping, and a lower dose or another compound is often tolerated."),
            new Doc(
                    "Flaxseed and blood pressure",
                    "Hypertensive participants who ate 30 g of milled seeds daily for six months lowered systolic"
                            + " pressure by about 10 mmHg, a larger effect than many drugs."),
            new Doc(
                    "Omega-3 fatty acids from plant oils",
                    "Alpha-linolenic acid is converted to longer chains only in small amounts. Seeds, walnuts and"
                            + " their oils are the richest sources in a diet without fish."),
            new Doc(
                    "Curcumin and gallbladder contraction",
                    "The yellow pigment of turmeric made the organ contract by half in healthy volunteers, which"
                            + " may help prevent stones but could trouble people whose bile ducts are blocked."),
            new Doc(
                    "Turmeric in traditional cooking",
                    "The rhizome is dried and ground and gives curries their colour. It has been traded along the"
                            + " spice routes for centuries."),
            new Doc(
                    "Autophagy and ageing",
                    "Cells digest their own worn-out parts, a recycling that declines with age. Fasting and some"
                            + " foods switch it on in animals, which live longer."),
            new Doc(
                    "Domoic acid poisoning from shellfish",
                    "A toxin made by algal blooms builds up in mussels and causes amnesic poisoning: memory loss"
                            + " and seizures after eating contaminated seafood."),
            new Doc(
                    "Algal blooms and coastal fisheries",
                    "Warm, nutrient-rich water feeds blooms that close harvests for weeks and kill fish when the"
                            + " bloom decays and oxygen runs out."),
            new Doc(
                    "Alkylphenols in the food supply",
                    "These industrial chemicals mimic oestrogen. The main dietary sources measured were fish and"
                            + " meat; plant foods held far less."),
            new Doc(
                    "Acne and dairy intake",
                    "Teenagers drinking the most milk had more breakouts, possibly through hormones and growth"
                            + " factors in the milk."),
            new Doc(
                    "Nuts and cardiovascular mortality",
                    "In two large cohorts, eating a handful of tree nuts most days went with a fifth fewer deaths"
                            + " from heart disease over thirty years."));

    static final List<Query> QUERIES = List.of(
            new Query(
                    "do statins cause breast cancer",
                    Map.of("Statins and breast cancer survival", 2, "Cholesterol-lowering drugs and muscle pain", 1)),
            new Query("flax seeds", Map.of("Flaxseed and blood pressure", 2, "Omega-3 fatty acids from plant oils", 1)),
            new Query(
                    "who should be careful about curcumin",
                    Map.of("Curcumin and gallbladder contraction", 2, "Turmeric in traditional cooking", 1)),
            new Query("exploiting autophagy to live longer", Map.of("Autophagy and ageing", 2)),
            new Query(
                    "domoic acid",
                    Map.of("Domoic acid poisoning from shellfish", 2, "Algal blooms and coastal fisheries", 1)),
            new Query("reducing exposure to alkylphenols through diet", Map.of("Alkylphenols in the food supply", 2)),
            new Query("acne and milk", Map.of("Acne and dairy intake", 2)),
            new Query("nuts and heart disease", Map.of("Nuts and cardiovascular mortality", 2)),
            new Query("high blood pressure diet", Map.of("Flaxseed and blood pressure", 2)),
            new Query(
                    "muscle aches from cholesterol medication",
                    Map.of("Cholesterol-lowering drugs and muscle pain", 2)));
}
