/**
 * The per-field merge of a pushed edit against the server's copy (sync invariant 5): {@link
 * com.fieldlead.sync.merge.FieldMerger} and the rules it applies. Pure: no I/O, no Vert.x.
 *
 * <p>{@code @NullMarked}: nothing here is null unless marked {@code @Nullable}. Field values are JSON values, and JSON
 * null is a value (a pushed null clears a field): maps and lists of them are {@code Map<String, @Nullable Object>}
 * and {@code List<@Nullable Object>}. A field's last change may lack its time, writer or device (older data, a write
 * without a device). The records' constructors also take null for their maps and read it as empty (a mutation without
 * {@code baseValues}); their accessors never answer null. No tool checks it (see README, Code style).
 */
@NullMarked
package com.fieldlead.sync.merge;

import org.jspecify.annotations.NullMarked;
