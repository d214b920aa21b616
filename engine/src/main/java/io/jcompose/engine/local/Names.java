package io.jcompose.engine.local;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Container names: Docker's rule for user-given ones, adjective_noun for generated ones. */
final class Names {
    static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final String[] LEFT = {"brave", "calm", "eager", "fond", "gentle", "happy", "jolly", "keen",
        "lucid", "merry", "nifty", "proud", "quirky", "sharp", "tender", "vivid", "witty", "zen"};
    private static final String[] RIGHT = {"archimedes", "babbage", "curie", "dijkstra", "euler", "fermat",
        "gauss", "hopper", "kepler", "lovelace", "noether", "pascal", "ritchie", "shannon", "turing", "wozniak"};
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {}

    static String generate() {
        return LEFT[RANDOM.nextInt(LEFT.length)] + "_" + RIGHT[RANDOM.nextInt(RIGHT.length)];
    }
}
