package com.fieldlead.sync.feed;

import com.fieldlead.sync.port.Stamped;

/** A change a feed page read, and the kind of source it came from ({@code PullService.LEAD}, ...). */
public record FeedItem(String kind, Stamped change) {

  public long seq() {
    return change.seq();
  }
}
