// MovieStore: placeholder until its first file lands.
