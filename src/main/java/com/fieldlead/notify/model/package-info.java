/**
 * Notifications' records and the pure rules over them: a notification and its kinds and statuses, a new one to send,
 * the push message, users' preferences with quiet hours and their checks, reminder times, the outbox's retry
 * backoff, and the push titles and bodies ({@code PushTexts}, with its {@code push_texts*.properties} beside it).
 * Nothing here does I/O or imports Vert.x, the driver or the store ({@code ArchitectureTest}); the services and
 * workers in {@code notify} and the stores in {@code notify.store} build on it, it builds on neither.
 */
package com.fieldlead.notify.model;
