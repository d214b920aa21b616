/** The jcompose error hierarchy: each user-actionable failure carries its exit code. */
package io.jcompose.errors;
