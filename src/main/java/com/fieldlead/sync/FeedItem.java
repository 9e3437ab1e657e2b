package com.fieldlead.sync;

import com.fieldlead.sync.port.Stamped;

/** A change a feed page read, and the kind of source it came from ({@link PullService#LEAD}, ...). */
record FeedItem(String kind, Stamped change) {

  long seq() {
    return change.seq();
  }
}
