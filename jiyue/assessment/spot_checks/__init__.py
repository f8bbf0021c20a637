"""巡查抽检 (quarterly spot checks): the sample (``sampling``), the steps from
creation to publication (``services``) and the published table (``result``)."""
