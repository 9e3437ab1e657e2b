/**
 * How a pull reads the change feeds and where a page ends: {@code ScopedFeed} merges the features' feeds (through
 * {@code sync.port}) in sequence order, {@code FeedWindow} says where a feed read ends, {@code FeedItem} is one change
 * read, {@code PageCut} cuts a delta page by count and bytes, and {@code PageSizing} learns how many documents to read
 * for a page. Names no class of {@code sync}: {@code PullService} and {@code PageChanges} there build pages on it.
 * {@code FeedWindow}, {@code FeedItem} and {@code PageCut} are pure ({@code ArchitectureTest}); {@code ScopedFeed}
 * answers Vert.x futures.
 */
package com.fieldlead.sync.feed;
