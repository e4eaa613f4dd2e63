package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Removes the English possessive {@code 's}. */
@NamedComponent("carrefour_english_possessive")
public class EnglishPossessiveTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.englishPossessive(tokenStream);
    }
}
