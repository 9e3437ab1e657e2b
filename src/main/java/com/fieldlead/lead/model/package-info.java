/**
 * The lead's records and the pure rules over them: {@code Lead} and its parts, statuses, settings, segments, trade-show
 * events, qualifier questions, history entries, summaries, visibility, the list query, the field names
 * ({@code LeadFields}: wire and stored names are the same), and the validation, change, merge and search-key rules.
 * Nothing here does I/O or imports Vert.x, the driver or the store ({@code ArchitectureTest}); the services in
 * {@code lead} and the repositories in {@code lead.store} build on it, it builds on neither.
 */
package com.fieldlead.lead.model;
