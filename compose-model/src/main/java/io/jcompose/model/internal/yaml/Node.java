package io.jcompose.model.internal.yaml;

import io.jcompose.model.SourceLocation;

/**
 * A node of a compose document while it is being loaded: mutable, so that each stage can rewrite
 * the tree in place, and located, so that every later diagnostic can name file, line and column.
 */
public sealed interface Node permits MapNode, SeqNode, ScalarNode {
    /** Where the node starts. */
    SourceLocation location();

    /** The explicit tag ({@code !reset}, {@code !override}) or the empty string. */
    String tag();

    /** A deep copy (aliases expand to independent trees, so stages may mutate freely). */
    Node copy();

    /** A short name of the node's kind for messages: mapping, sequence, string, number... */
    String kindName();
}
