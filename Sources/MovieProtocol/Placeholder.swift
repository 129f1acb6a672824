// MovieProtocol: placeholder until its first file lands.
