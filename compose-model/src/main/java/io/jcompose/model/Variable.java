package io.jcompose.model;

/**
 * One variable a compose file refers to, for {@code config --variables}.
 *
 * @param name          the variable name
 * @param required      used as {@code ${NAME?..}} or {@code ${NAME:?..}}
 * @param defaultValue  the value of {@code ${NAME:-default}}, or ""
 * @param presenceValue the value of {@code ${NAME:+alternate}}, or ""
 */
public record Variable(String name, boolean required, String defaultValue, String presenceValue) {}
