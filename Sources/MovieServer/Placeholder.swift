// MovieServer: placeholder until its first file lands.
