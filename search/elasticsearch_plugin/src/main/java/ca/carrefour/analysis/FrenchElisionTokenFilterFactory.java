package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Removes French elisions, case-insensitively: {@code L'Évaluation} becomes {@code Évaluation}. */
@NamedComponent("carrefour_french_elision")
public class FrenchElisionTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.frenchElision(tokenStream);
    }

    /** Also applied by normalizers and to the terms of prefix/wildcard/fuzzy queries. */
    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return Filters.frenchElision(tokenStream);
    }
}
