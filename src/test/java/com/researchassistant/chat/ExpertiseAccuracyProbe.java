package com.researchassistant.chat;

import com.researchassistant.testing.MutableClock;
import java.time.Instant;
import java.util.List;

/** Prints the agent's accuracy on the labelled set, and its mistakes on the development half. */
public final class ExpertiseAccuracyProbe {

    private ExpertiseAccuracyProbe() {}

    public static void main(String[] args) {
        ExpertAgent agent = new ExpertAgent(new MutableClock(Instant.EPOCH));
        IntentRules rules = new IntentRules();
        report("development", ExpertiseLabelledSet.development(), agent, rules, true);
        report("held-out", ExpertiseLabelledSet.heldOut(), agent, rules, args.length > 0);
        report("all", ExpertiseLabelledSet.QUESTIONS, agent, rules, false);
    }

    private static void report(
            String name,
            List<ExpertiseLabelledSet.Labelled> set,
            ExpertAgent agent,
            IntentRules rules,
            boolean mistakes) {
        int right = 0;
        for (var l : set) {
            IntentResult intent = rules.classify(l.question());
            String chosen = agent.choose(intent, l.question()).value().id();
            if (chosen.equals(l.expertise())) {
                right++;
            } else if (mistakes) {
                System.out.printf(
                        "  %-20s got %-20s (%s) %s%n",
                        l.expertise(), chosen, intent.primary().id(), l.question());
            }
        }
        System.out.printf("%s: %d/%d = %.2f%n", name, right, set.size(), right / (double) set.size());
    }
}
