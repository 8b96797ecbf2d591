"""Scaling out: the ingest runner on a Dask cluster (``ceasefire ingest --engine dask``)."""

from ceasefire.scale.cluster import dask_client, ingest_on_dask, ordered_map

__all__ = ["dask_client", "ingest_on_dask", "ordered_map"]
