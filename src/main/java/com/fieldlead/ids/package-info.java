/**
 * Ids phones choose offline and the one check they pass ({@code Uuids}). {@code @NullMarked}: nothing here is null
 * unless marked {@code @Nullable}.
 */
@NullMarked
package com.fieldlead.ids;

import org.jspecify.annotations.NullMarked;
