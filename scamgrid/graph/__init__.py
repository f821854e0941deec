"""Link analysis: syndicates, key figures, explanations, money trails and exports.

Everything here works on a `LinkGraph` built for one asking agency (`build.load`), so what is
found, explained or exported never contains a record that agency may not see.
"""
