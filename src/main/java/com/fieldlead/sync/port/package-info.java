/**
 * What sync needs from the features whose entities it carries (leads, activities, tasks, attachments, the lead
 * catalog's reference data), as narrow interfaces. Each feature implements them in a package-private adapter and
 * hands them over through its module; sync itself names no feature's records, collections or documents. The
 * features depend on this package, never sync on the features, so the package graph stays acyclic.
 *
 * <p>{@code @NullMarked}: nothing here is null unless marked {@code @Nullable}: a change's lead and stored state, a
 * scope's exits and visibility filter when it sees everything, the paging cursors, an early scope not started, the
 * erasure check's keys, a field stamp's time and writer; JSON states carry null values ({@code Map<String, @Nullable
 * Object>}). No tool checks it (see README, Code style): it says what the features and sync promise each other.
 */
@NullMarked
package com.fieldlead.sync.port;

import org.jspecify.annotations.NullMarked;
